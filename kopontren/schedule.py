"""The registry's daily jobs (see portal/schedule.py)."""

from kopontren.models import Document
from portal.reminders import expiry_days, reminders_send
from portal.schedule import daily


@daily("kopontren.document_expiry_reminders")
def document_expiry_reminders(*, day):
    documents = Document.objects.filter(
        valid_until__in=list(expiry_days(day))
    ).select_related("cooperative")
    sent = reminders_send(
        day=day,
        items=[
            (d.cooperative, f"{d.get_kind_display()} — {d.title}", d.valid_until)
            for d in documents
        ],
    )
    return f"{sent} pengingat dokumen diantrekan"
