"""Products, their photos and permits, and the curation history."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopontren.models import Cooperative
from opop.models.membership import Membership
from portal.access import ScopedQuerySet
from portal.models import TimeStamped

PIRT_VALID_YEARS = 5


def add_years(date, years):
    """The same day `years` later (28 February for 29 February)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


class ProductQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"
    officer_changes = True

    def public(self):
        """What the public catalogue shows: active cooperatives that are not
        dissolved, products not suspended."""
        return self.filter(
            cooperative__is_active=True,
            curation_status__in=Product.Curation.public_values(),
        ).exclude(cooperative__legal_status=Cooperative.LegalStatus.BUBAR)

    def of_members(self):
        return self.filter(
            Exists(Membership.objects.filter(cooperative=OuterRef("cooperative")))
        )

    def with_halal(self, on=None):
        """Annotate `is_halal`: a halal certificate the Dinas verified, valid on the
        day."""
        permits = Permit.objects.filter(
            product=OuterRef("pk"), kind=Permit.Kind.HALAL
        ).trusted_on(on)
        return self.annotate(is_halal=Exists(permits))

    def with_certified(self, on=None):
        """Annotate `is_certified`: any verified permit valid on the day."""
        return self.annotate(
            is_certified=Exists(
                Permit.objects.filter(product=OuterRef("pk")).trusted_on(on)
            )
        )

    def with_cover(self):
        """Annotate `cover_id`: the first photo, without a query per product."""
        first = ProductPhoto.objects.filter(product=OuterRef("pk")).order_by(
            "position", "pk"
        )
        return self.annotate(cover_id=Subquery(first.values("pk")[:1]))

    def for_catalogue(self):
        return (
            self.select_related("cooperative__pesantren", "cooperative__kabupaten")
            .with_halal()
            .with_cover()
        )

    def halal(self):
        """With a halal certificate the Dinas verified, valid today."""
        return self.filter(
            Exists(
                Permit.objects.filter(
                    product=OuterRef("pk"), kind=Permit.Kind.HALAL
                ).trusted_on()
            )
        )

    def search(self, text):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(cooperative__name__icontains=text)
            | Q(cooperative__pesantren__name__icontains=text)
        )


class Product(TimeStamped):
    """A kopontren's product (one of them its OPOP flagship)."""

    class Category(models.TextChoices):
        MAKANAN = "makanan", _("Makanan")
        MINUMAN = "minuman", _("Minuman")
        KERAJINAN = "kerajinan", _("Kerajinan")
        FASHION = "fashion", _("Fashion")
        PERTANIAN = "pertanian", _("Pertanian/peternakan")
        JASA = "jasa", _("Jasa/IT")
        LAINNYA = "lainnya", _("Lainnya")

    class Curation(models.TextChoices):
        DITANGGUHKAN = "ditangguhkan", _("Ditangguhkan")
        TERDAFTAR = "terdaftar", _("Terdaftar")
        DIKURASI = "dikurasi", _("Dikurasi")
        UNGGULAN = "unggulan", _("Unggulan")
        SIAP_EKSPOR = "siap_ekspor", _("Siap ekspor")

        @classmethod
        def public_values(cls):
            return [cls.TERDAFTAR, cls.DIKURASI, cls.UNGGULAN, cls.SIAP_EKSPOR]

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="opop_products",
        verbose_name=_("koperasi"),
    )
    name = models.CharField(_("nama produk"), max_length=150)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    price = models.DecimalField(
        _("harga (Rp)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(
        _("satuan/kemasan"),
        max_length=80,
        blank=True,
        help_text=_("Misalnya: botol 250 ml, pak 500 g, per potong."),
    )
    monthly_capacity = models.PositiveIntegerField(
        _("kapasitas produksi per bulan"), null=True, blank=True
    )
    is_flagship = models.BooleanField(
        _("produk unggulan koperasi"),
        default=False,
        help_text=_(
            "Satu koperasi punya satu produk unggulan OPOP; lepas dulu tanda ini "
            "di produk lama untuk menggantinya."
        ),
    )
    whatsapp = models.CharField(
        _("nomor WhatsApp usaha"),
        max_length=20,
        blank=True,
        help_text=_(
            "Tampil di katalog umum sebagai tautan WhatsApp. Pakai nomor usaha, "
            "bukan nomor pribadi."
        ),
    )
    marketplace_links = models.TextField(
        _("tautan marketplace"),
        blank=True,
        help_text=_(
            "Tokopedia, Shopee, TikTok Shop dan lain-lain: satu tautan per baris."
        ),
    )
    curation_status = models.CharField(
        _("status kurasi"),
        max_length=12,
        choices=Curation.choices,
        default=Curation.TERDAFTAR,
        editable=False,
    )

    history = HistoricalRecords()
    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("produk OPOP")
        verbose_name_plural = _("produk OPOP")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative"],
                condition=Q(is_flagship=True),
                name="opop_product_one_flagship_per_cooperative",
                violation_error_message=_("Koperasi ini sudah punya produk unggulan."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "cooperative",
                name="opop_product_name_unique_per_cooperative",
                violation_error_message=_(
                    "Koperasi ini sudah punya produk dengan nama ini."
                ),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="opop_product_price_not_negative",
                violation_error_message=_("Harga tidak boleh negatif."),
            ),
        ]
        indexes = [
            models.Index(fields=["curation_status", "category"]),
            # The orderings of the product list and of the public catalogue.
            models.Index(fields=["name", "id"], name="product_name_order"),
            models.Index(
                fields=["-is_flagship", "name", "id"], name="product_catalogue_order"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("opop:product_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("opop:catalogue_detail", args=[self.pk])

    @property
    def marketplace_urls(self):
        """(shop name, url) for each marketplace link."""
        links = []
        for line in self.marketplace_links.splitlines():
            url = line.strip()
            if not url:
                continue
            host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
            label = host.split(".")[0].capitalize() if host else url
            links.append((label, url))
        return links


def photo_path(instance, filename):
    return f"opop/produk/{instance.product_id}/foto/{filename}"


class ProductPhoto(TimeStamped):
    """A product photo: the original as uploaded and the resized copies shown."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("produk"),
    )
    original = models.FileField(_("foto asli"), upload_to=photo_path, max_length=255)
    # Re-encoded copies carry no EXIF (camera GPS), so only they are shown publicly.
    display = models.FileField(_("foto tampilan"), upload_to=photo_path, max_length=255)
    thumbnail = models.FileField(
        _("gambar kecil"), upload_to=photo_path, max_length=255
    )
    width = models.PositiveIntegerField(_("lebar asli"), default=0)
    height = models.PositiveIntegerField(_("tinggi asli"), default=0)
    caption = models.CharField(_("keterangan"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )

    class Meta:
        ordering = ["product", "position", "pk"]
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")

    def __str__(self):
        return self.caption or f"{self.product} #{self.position + 1}"

    def url(self, size="kecil"):
        return reverse("opop:photo", args=[self.pk, size])


class PermitQuerySet(ScopedQuerySet):
    kabupaten_paths = ("product__cooperative__kabupaten",)
    cooperative_path = "product__cooperative"
    officer_changes = True

    def valid_on(self, day=None):
        """Issued by the day and not yet expired (no end date: valid)."""
        day = day or timezone.localdate()
        return self.filter(issued_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def trusted_on(self, day=None):
        """Verified by the Dinas (by the day, when the date is known) and valid on
        the day: the only permits the public and the figures count."""
        day = day or timezone.localdate()
        return (
            self.valid_on(day)
            .filter(verified=True)
            .filter(Q(verified_at__isnull=True) | Q(verified_at__date__lte=day))
        )

    def unverified(self):
        """Waiting for the Dinas to check them against the document."""
        return self.filter(verified=False)

    def expiring(self, within_days=90, day=None):
        """Work list: expired, or expiring within `within_days`."""
        day = day or timezone.localdate()
        return self.filter(valid_until__lte=day + datetime.timedelta(days=within_days))


PERMIT_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 ./\-]{1,59}$")


def validate_permit_number(value):
    """Refuse only nonsense; a number of the wrong form for its kind is a warning."""
    if not PERMIT_NUMBER.match(value.upper()) or not re.search(r"\d", value):
        raise ValidationError(
            _(
                "Nomor izin hanya berisi huruf, angka, spasi, titik, garis miring "
                "atau tanda hubung, dan memuat angka."
            ),
            code="invalid",
        )


def permit_path(instance, filename):
    return f"opop/produk/{instance.product_id}/izin/{filename}"


class Permit(TimeStamped):
    """A permit or certificate of a product: NIB, P-IRT, BPOM, halal, merek, SNI."""

    class Kind(models.TextChoices):
        NIB = "nib", _("NIB")
        PIRT = "pirt", _("P-IRT")
        BPOM = "bpom", _("BPOM MD/ML")
        HALAL = "halal", _("Sertifikat halal")
        MEREK = "merek", _("Merek")
        SNI = "sni", _("SNI")

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="permits",
        verbose_name=_("produk"),
    )
    kind = models.CharField(_("jenis izin"), max_length=6, choices=Kind.choices)
    number = models.CharField(
        _("nomor"), max_length=60, validators=[validate_permit_number]
    )
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_("Kosongkan jika tidak ada masa berlaku. P-IRT: otomatis 5 tahun."),
    )
    document = models.FileField(
        _("dokumen"), upload_to=permit_path, blank=True, max_length=255
    )
    verified = models.BooleanField(
        _("terverifikasi Dinas"),
        default=False,
        help_text=_("Hanya staf Dinas yang dapat mengubah."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PermitQuerySet.as_manager()

    class Meta:
        ordering = ["product", "kind", "-issued_on"]
        verbose_name = _("izin produk")
        verbose_name_plural = _("izin produk")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "kind", "number"],
                name="opop_permit_unique_per_product",
                violation_error_message=_("Izin dengan jenis dan nomor ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="opop_permit_validity_in_order",
                violation_error_message=_(
                    "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_until"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        errors = {}
        if self.issued_on and self.issued_on > timezone.localdate():
            errors["issued_on"] = _("Tanggal terbit tidak boleh di masa depan.")
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            errors["valid_until"] = _(
                "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def digits(self):
        return re.sub(r"\D", "", self.number)

    @property
    def number_warning(self):
        """A soft warning when the number does not look like this kind's usual form."""
        number = self.number.strip().upper()
        if self.kind == self.Kind.PIRT and not re.fullmatch(r"\d{15}", self.digits):
            return _("Nomor P-IRT biasanya 15 digit angka.")
        if self.kind == self.Kind.BPOM and not re.fullmatch(
            r"(MD|ML)\s?\d{12}", number
        ):
            return _("Nomor BPOM biasanya MD atau ML diikuti 12 digit angka.")
        if self.kind == self.Kind.HALAL and not number.startswith("ID"):
            return _("Nomor sertifikat halal BPJPH biasanya diawali ID.")
        if self.kind == self.Kind.NIB and not re.fullmatch(r"\d{13}", self.digits):
            return _("NIB biasanya 13 digit angka.")
        return ""

    def is_valid_on(self, day=None):
        day = day or timezone.localdate()
        return self.issued_on <= day and (
            self.valid_until is None or self.valid_until >= day
        )

    @property
    def is_valid(self):
        return self.is_valid_on()

    @property
    def is_trusted(self):
        """Verified and valid today: what the public is shown."""
        return self.verified and self.is_valid

    @property
    def days_left(self):
        if self.valid_until is None:
            return None
        return (self.valid_until - timezone.localdate()).days


class CurationEvent(models.Model):
    """One move of a product's curation status, with the curator's note."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="curation_events",
        verbose_name=_("produk"),
    )
    from_status = models.CharField(
        _("dari"), max_length=12, choices=Product.Curation.choices
    )
    to_status = models.CharField(
        _("ke"), max_length=12, choices=Product.Curation.choices
    )
    note = models.TextField(_("catatan kurator"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("oleh"),
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["product", "-at", "-pk"]
        verbose_name = _("riwayat kurasi")
        verbose_name_plural = _("riwayat kurasi")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="opop_curation_event_changes_status",
            ),
        ]

    def __str__(self):
        return f"{self.product}: {self.from_status} → {self.to_status}"
