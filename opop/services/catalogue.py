"""Products, photos, permits, curation and membership: the writes behind the forms."""

import re
from urllib.parse import quote

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opop import images
from opop.models import (
    PIRT_VALID_YEARS,
    CurationEvent,
    Permit,
    Product,
    ProductPhoto,
    add_years,
)
from portal.access import Scope
from portal.constraints import violated_constraint
from portal.forms import version_hold

MAX_PHOTOS_PER_PRODUCT = 8
Curation = Product.Curation
CURATION_MOVES = {
    Curation.TERDAFTAR: {Curation.DIKURASI, Curation.DITANGGUHKAN},
    Curation.DIKURASI: {
        Curation.UNGGULAN,
        Curation.SIAP_EKSPOR,
        Curation.TERDAFTAR,
        Curation.DITANGGUHKAN,
    },
    Curation.UNGGULAN: {Curation.SIAP_EKSPOR, Curation.DIKURASI, Curation.DITANGGUHKAN},
    Curation.SIAP_EKSPOR: {Curation.UNGGULAN, Curation.DIKURASI, Curation.DITANGGUHKAN},
    Curation.DITANGGUHKAN: {Curation.TERDAFTAR},
}

# --- Contact ------------------------------------------------------------------------


def whatsapp_number(value):
    """Digits in the international form wa.me wants: 0812… and 812… become 62812…."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits


def whatsapp_url(number, text):
    return f"https://wa.me/{whatsapp_number(number)}?text={quote(text)}"


def product_whatsapp_url(product, page_url):
    """The catalogue's WhatsApp link, with a pre-filled Indonesian message."""
    if not product.whatsapp:
        return ""
    text = _(
        "Assalamualaikum, saya tertarik dengan produk %(product)s dari "
        "%(cooperative)s yang saya lihat di Katalog OPOP. Apakah masih tersedia? "
        "%(url)s"
    ) % {
        "product": product.name,
        "cooperative": product.cooperative.name,
        "url": page_url,
    }
    return whatsapp_url(product.whatsapp, text)


# --- Products, photos, permits ----------------------------------------------


PRODUCT_CONSTRAINT_FIELDS = {
    "opop_product_one_flagship_per_cooperative": "is_flagship",
    "opop_product_name_unique_per_cooperative": "name",
}


def validate_product(product, exclude=()):
    """full_clean with each constraint's message put on the field it is about
    (constraints are checked once the fields themselves are right)."""
    errors = {}
    try:
        product.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not errors and not exclude:
        for constraint in Product._meta.constraints:
            try:
                constraint.validate(Product, product)
            except ValidationError as error:
                field = PRODUCT_CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
                errors.setdefault(field, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def product_save(*, product, version=None):
    """Save a product; one flagship per cooperative (the database has the last
    word when two saves race). With the `version` its form was opened at, refused
    when someone saved it since."""
    version_hold(instance=product, opened=version)
    validate_product(product)
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        # Another save won a race for a name or the flagship since validation.
        constraint = violated_constraint(error, Product)
        if constraint not in PRODUCT_CONSTRAINT_FIELDS:
            raise
        raise ValidationError(
            {
                PRODUCT_CONSTRAINT_FIELDS[constraint]: _(
                    "Data produk berubah bersamaan di tempat lain; periksa lalu "
                    "simpan sekali lagi."
                )
            }
        ) from error
    return product


@transaction.atomic
def product_delete(*, product):
    """Delete a product with its photos and permits; exchanges keep its name."""
    files = [
        upload
        for photo in product.photos.all()
        for upload in (photo.original, photo.display, photo.thumbnail)
    ]
    files += [permit.document for permit in product.permits.all() if permit.document]
    product.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files):
    for upload in files:
        upload.storage.delete(upload.name)


@transaction.atomic
def product_photo_add(*, product, upload, caption="", uploaded_by=None):
    """Check the photo, keep the original, store a display copy and a thumbnail."""
    facts = images.check_photo(upload)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    count = locked.photos.count()
    if count >= MAX_PHOTOS_PER_PRODUCT:
        raise ValidationError(
            _("Satu produk paling banyak %(n)s foto; hapus foto lama dulu.")
            % {"n": MAX_PHOTOS_PER_PRODUCT}
        )
    display, thumbnail = images.resized_copies(upload)
    photo = ProductPhoto(
        product=product,
        width=facts["width"],
        height=facts["height"],
        caption=caption,
        position=count,
        uploaded_by=uploaded_by,
    )
    photo.original.save(images.stored_name(facts), upload, save=False)
    photo.display.save(display.name, display, save=False)
    photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
    photo.save()
    return photo


@transaction.atomic
def product_photo_delete(*, photo):
    files = [photo.original, photo.display, photo.thumbnail]
    photo.delete()
    transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def permit_save(*, permit, by, changed_fields=()):
    """Save a permit. P-IRT is valid five years unless told otherwise. Only curators
    set `verified`; an officer's change to a verified permit needs checking again."""
    if (
        permit.kind == Permit.Kind.PIRT
        and permit.valid_until is None
        and permit.issued_on
    ):
        permit.valid_until = add_years(permit.issued_on, PIRT_VALID_YEARS)
    can_verify = Scope.of(by).can_curate_product(permit.product)
    evidence = {"kind", "number", "issued_on", "valid_until", "document"}
    if not can_verify:
        if permit.pk is None or evidence & set(changed_fields):
            permit.verified = False
    if permit.verified and (not permit.verified_by_id or "verified" in changed_fields):
        permit.verified_by = by
        permit.verified_at = timezone.now()
    if not permit.verified:
        permit.verified_by, permit.verified_at = None, None
    permit.full_clean()
    permit.save()
    return permit


@transaction.atomic
def permit_delete(*, permit):
    files = [permit.document] if permit.document else []
    permit.delete()
    transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def product_curate(*, product, to_status, note, by):
    """Move the curation status one allowed step and keep the move in history."""
    if not Scope.of(by).can_curate_product(product):
        raise ValidationError(_("Hanya staf Dinas yang dapat mengubah status kurasi."))
    locked = Product.objects.select_for_update().get(pk=product.pk)
    current = locked.curation_status
    if to_status not in CURATION_MOVES.get(current, set()):
        raise ValidationError(
            _("Status tidak dapat diubah dari %(from)s ke %(to)s.")
            % {
                "from": Curation(current).label,
                "to": Curation(to_status).label if to_status in Curation else to_status,
            }
        )
    if to_status == Curation.DITANGGUHKAN and not note.strip():
        raise ValidationError(_("Tulis alasan penangguhan di catatan kurator."))
    CurationEvent.objects.create(
        product=locked, from_status=current, to_status=to_status, note=note, by=by
    )
    Product.objects.filter(pk=locked.pk).update(
        curation_status=to_status, updated_at=timezone.now()
    )
    product.curation_status = to_status
    return product


# --- Membership ---------------------------------------------------------------------


@transaction.atomic
def membership_save(*, form):
    membership = form.save(commit=False)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def work_plan_save(*, form, membership):
    plan = form.save(commit=False)
    plan.membership = membership
    plan.full_clean()
    plan.save()
    return plan
