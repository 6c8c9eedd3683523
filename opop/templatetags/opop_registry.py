"""What the registry's record page shows of OPOP (kopontren does not import opop;
the template asks for it)."""

from django import template

from opop.models import Membership, Product

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
    return {"products": products, "memberships": memberships, "user": user}
