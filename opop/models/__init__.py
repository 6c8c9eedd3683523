"""OPOP models, by area: membership, the product catalogue, the exchange board."""

from opop.models.catalogue import (
    PIRT_VALID_YEARS,
    CurationEvent,
    Permit,
    Product,
    ProductPhoto,
    add_years,
    validate_permit_number,
)
from opop.models.exchange import Exchange, ExchangeSide, Listing, Response
from opop.models.membership import Membership, WorkPlan

__all__ = [
    "PIRT_VALID_YEARS",
    "CurationEvent",
    "Exchange",
    "ExchangeSide",
    "Listing",
    "Membership",
    "Permit",
    "Product",
    "ProductPhoto",
    "Response",
    "WorkPlan",
    "add_years",
    "validate_permit_number",
]
