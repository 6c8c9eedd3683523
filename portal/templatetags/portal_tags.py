from decimal import Decimal

from django import template
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
)

from portal.forms import format_rupiah_input
from portal.masking import mask_phone

register = template.Library()


@register.filter
def masked_phone(value, show=False):
    """The phone number in full when `show`, masked otherwise."""
    if show:
        return value
    return mask_phone(value)


@register.filter
def rupiah(value):
    """Rp 1.250.000 (Indonesian thousands separator, no decimals unless needed):
    the one way the portal shows an amount of money."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {format_rupiah_input(abs(amount))}"


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template."""
    return mapping.get(key)


@register.simple_tag
def password_min_length():
    """The shortest password the portal's validators accept."""
    lengths = [
        validator.min_length
        for validator in get_default_password_validators()
        if isinstance(validator, MinimumLengthValidator)
    ]
    return max(lengths, default=1)
