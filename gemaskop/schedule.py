"""GEMASKOP's daily jobs (see portal/schedule.py)."""

from gemaskop import services
from portal.schedule import daily


@daily("gemaskop.participants_retention")
def participants_retention(*, day):
    count = services.participants_anonymise_expired()
    return f"{count} peserta acara lama dianonimkan"
