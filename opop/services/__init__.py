"""Writes that touch several rows (keyword-only, atomic), by area, and the OPOP
progress aggregate the dashboards reuse: `progress_by_kabupaten(user, year=None)`."""

from opop.services.catalogue import (
    CURATION_MOVES,
    MAX_PHOTOS_PER_PRODUCT,
    PRODUCT_CONSTRAINT_FIELDS,
    membership_save,
    permit_delete,
    permit_save,
    product_curate,
    product_delete,
    product_photo_add,
    product_photo_delete,
    product_save,
    product_whatsapp_url,
    validate_product,
    whatsapp_number,
    whatsapp_url,
    work_plan_save,
)
from opop.services.exchange import (
    exchange_cancel,
    exchange_confirm,
    exchange_receive,
    listing_close,
    listing_create,
    response_accept,
    response_create,
)
from opop.services.progress import (
    PROGRESS_COLUMNS,
    progress_by_kabupaten,
    progress_totals,
)

__all__ = [
    "CURATION_MOVES",
    "MAX_PHOTOS_PER_PRODUCT",
    "PRODUCT_CONSTRAINT_FIELDS",
    "PROGRESS_COLUMNS",
    "exchange_cancel",
    "exchange_confirm",
    "exchange_receive",
    "listing_close",
    "listing_create",
    "membership_save",
    "permit_delete",
    "permit_save",
    "product_curate",
    "product_delete",
    "product_photo_add",
    "product_photo_delete",
    "product_save",
    "product_whatsapp_url",
    "progress_by_kabupaten",
    "progress_totals",
    "response_accept",
    "response_create",
    "validate_product",
    "whatsapp_number",
    "whatsapp_url",
    "work_plan_save",
]
