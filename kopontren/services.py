from django.db import transaction

from kopontren.models import Cooperative, LegalEvent


def derive_legal_status(events):
    """(status, since, ahu_date) from a cooperative's legal-status log.

    Dibubarkan wins from its date; otherwise the first pengesahan AHU makes it berbadan
    hukum; otherwise the first akta pendirian puts it dalam proses; else belum.
    """
    first = {}
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        first.setdefault(event.kind, event.date)
    statuses = Cooperative.LegalStatus
    ahu_date = first.get(LegalEvent.Kind.PENGESAHAN_AHU)
    if LegalEvent.Kind.PEMBUBARAN in first:
        return statuses.BUBAR, first[LegalEvent.Kind.PEMBUBARAN], ahu_date
    if ahu_date:
        return statuses.BERBADAN_HUKUM, ahu_date, ahu_date
    if LegalEvent.Kind.AKTA_PENDIRIAN in first:
        return statuses.PROSES, first[LegalEvent.Kind.AKTA_PENDIRIAN], None
    return statuses.BELUM, None, None


@transaction.atomic
def cooperative_refresh_legal_status(*, cooperative):
    """Recompute the stored legal status from the log (after any change to it)."""
    status, since, ahu_date = derive_legal_status(cooperative.legal_events.all())
    Cooperative.objects.filter(pk=cooperative.pk).update(
        legal_status=status, legal_status_since=since, ahu_date=ahu_date
    )
    cooperative.legal_status = status
    cooperative.legal_status_since = since
    cooperative.ahu_date = ahu_date
    return cooperative
