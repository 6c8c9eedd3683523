"""What the registry's record page shows of OPOP (kopontren does not import opop;
the template asks for it)."""

from django import template

from opop.forms import trading_cooperatives
from opop.models import Exchange, Membership, Product, Response

register = template.Library()


@register.inclusion_tag("opop/_cooperative_products.html", takes_context=True)
def cooperative_products(context, cooperative):
    """The cooperative's OPOP membership and products, as far as the user may see."""
    user = context["request"].user
    products = (
        Product.objects.visible_to(user)
        .filter(cooperative=cooperative)
        .with_certified()
        .order_by("-is_flagship", "name")
    )
    memberships = (
        Membership.objects.visible_to(user)
        .filter(cooperative=cooperative)
        .select_related("programme")
    )
    exchanges = (
        Exchange.objects.visible_to(user)
        .involving(cooperative)
        .exclude(status=Exchange.Status.CANCELLED)
        .with_related()[:20]
    )
    return {
        "products": products,
        "memberships": memberships,
        "exchanges": exchanges,
        "user": user,
    }


@register.inclusion_tag("opop/_exchange_notices.html", takes_context=True)
def exchange_notices(context):
    """For an officer's home page: answers waiting on their listings, and accepted
    answers waiting for their agreement."""
    user = context["request"].user
    mine = trading_cooperatives(user)
    answers = (
        Response.objects.filter(
            listing__cooperative__in=mine,
            listing__status="buka",
            status=Response.Status.SENT,
        )
        .select_related("listing", "cooperative")
        .order_by("-created_at")[:10]
    )
    waiting = (
        Exchange.objects.filter(
            response__cooperative__in=mine, status=Exchange.Status.WAITING
        )
        .select_related("listing", "giver", "receiver")
        .order_by("-created_at")[:10]
    )
    return {"answers": answers, "waiting": waiting}
