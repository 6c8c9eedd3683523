"""Read-only figures for the event report and the yearly reach: aggregate queries."""

from django.db.models import Count, Exists, OuterRef

from gemaskop.models import Participant
from kopontren.models import Cooperative


def without_cooperative(participants):
    """Participants from a registry pesantren that runs no cooperative yet."""
    return participants.filter(pesantren__isnull=False).filter(
        ~Exists(Cooperative.objects.filter(pesantren=OuterRef("pesantren")))
    )


def event_summary(event):
    """Participants present, by pesantren, gender and kabupaten (a few queries)."""
    participants = event.participants.present()
    by_pesantren = (
        participants.filter(pesantren__isnull=False)
        .values("pesantren_id", "pesantren__name", "pesantren__kabupaten__name")
        .annotate(
            n=Count("pk"),
            has_cooperative=Exists(
                Cooperative.objects.filter(pesantren=OuterRef("pesantren_id"))
            ),
        )
        .order_by("-n", "pesantren__name")
    )
    outside = (
        participants.filter(pesantren__isnull=True)
        .values("institution")
        .annotate(n=Count("pk"))
        .order_by("-n", "institution")
    )
    return {
        "total": participants.count(),
        "by_pesantren": list(by_pesantren),
        "outside_registry": list(outside),
        "by_gender": list(
            participants.values("gender").annotate(n=Count("pk")).order_by("gender")
        ),
        "by_kabupaten": list(
            participants.values("pesantren__kabupaten__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "pesantren__kabupaten__name")
        ),
        "follow_up": without_cooperative(participants)
        .with_affiliation()
        .order_by("pesantren__name", "name"),
    }


def reach_per_year(events):
    """Per budget year: reach events, participants and distinct pesantren reached."""
    present = Participant.objects.present().filter(event__in=events.reach())
    totals = {
        row["event__budget_year"]: row
        for row in present.values("event__budget_year")
        .annotate(
            events=Count("event", distinct=True),
            participants=Count("pk"),
            pesantren=Count("pesantren", distinct=True),
        )
        .order_by()
    }
    lacking = dict(
        without_cooperative(present)
        .values("event__budget_year")
        .annotate(n=Count("pesantren", distinct=True))
        .order_by()
        .values_list("event__budget_year", "n")
    )
    return [
        {**row, "without_cooperative": lacking.get(year, 0)}
        for year, row in sorted(totals.items(), reverse=True)
    ]


def follow_up(events):
    """Across reach events: who came from a pesantren that has no cooperative yet."""
    return (
        without_cooperative(
            Participant.objects.present().filter(event__in=events.reach())
        )
        .with_affiliation()
        .order_by("pesantren__name", "-event__start_date", "name")
    )
