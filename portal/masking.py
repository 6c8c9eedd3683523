"""Masking personal data for pages and exports of people who need not see it."""


def mask_phone(value):
    """0812****7890: enough to recognise a number, not enough to call it."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8 if len(digits) > 8 else 2) + digits[-4:]


def mask_identifier(value):
    """NPWP, bank account, NIK KTP: only the last four characters stay."""
    text = str(value or "")
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
