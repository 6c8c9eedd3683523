"""What the registry's record page shows of GEMASKOP (kopontren does not import
gemaskop; the template asks for it)."""

from django import template
from django.db.models import Count, OuterRef, Q, Subquery

from gemaskop.models import Event, Participant

register = template.Library()


@register.inclusion_tag("gemaskop/_cooperative_events.html", takes_context=True)
def cooperative_events(context, cooperative):
    """Events the cooperative's (or its pesantren's) people attended, with how many."""
    user = context["request"].user
    # A cooperative without a pesantren counts its own people only (never those
    # whose pesantren is empty).
    whose = Q(cooperative=cooperative)
    if cooperative.pesantren_id is not None:
        whose |= Q(pesantren_id=cooperative.pesantren_id)
    people = (
        Participant.objects.present()
        .filter(event=OuterRef("pk"))
        .filter(whose)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    events = (
        Event.objects.visible_to(user)
        .annotate(people=Subquery(people))
        .filter(people__gt=0)
        .select_related("kabupaten")
        .order_by("-start_date")[:20]
    )
    return {"events": events}
