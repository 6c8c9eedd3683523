from decimal import Decimal

from django import template

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
    """Rp 1.250.000 (Indonesian thousands separator, no decimals unless needed)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    whole = f"{int(amount):,}".replace(",", ".")
    cents = abs(amount) % 1
    text = f"Rp {whole}"
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return text


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template."""
    return mapping.get(key)
