"""OPOP's daily jobs (see portal/schedule.py)."""

from opop.models import Permit
from portal.reminders import expiry_days, reminders_send
from portal.schedule import daily


@daily("opop.permit_expiry_reminders")
def permit_expiry_reminders(*, day):
    permits = Permit.objects.filter(
        valid_until__in=list(expiry_days(day))
    ).select_related("product__cooperative")
    sent = reminders_send(
        day=day,
        items=[
            (
                p.product.cooperative,
                f"{p.get_kind_display()} {p.number} ({p.product.name})",
                p.valid_until,
            )
            for p in permits
        ],
    )
    return f"{sent} pengingat izin produk diantrekan"
