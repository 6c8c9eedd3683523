"""The exchange board: listings, responses and the exchanges both sides agreed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopontren.models import Cooperative
from opop.models.catalogue import Product
from portal.access import VIEW, ScopedQuerySet
from portal.models import TimeStamped


class ListingQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"
    officer_changes = True

    def officer_rows(self, scope, action):
        """OPOP members read the whole board and change their own listings."""
        if action == VIEW:
            return self.all() if scope.is_opop_member else self.none()
        return super().officer_rows(scope, action)

    def open(self):
        return self.filter(status=Listing.Status.OPEN)

    def with_related(self):
        return self.select_related(
            "cooperative__kabupaten", "cooperative__pesantren", "product"
        )


class Listing(TimeStamped):
    """An offer of a product, or a need, posted by a member on the exchange board."""

    class Kind(models.TextChoices):
        OFFER = "tawaran", _("Tawaran")
        NEED = "kebutuhan", _("Kebutuhan")

    class Status(models.TextChoices):
        OPEN = "buka", _("Terbuka")
        CLOSED = "tutup", _("Ditutup")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="opop_listings",
        verbose_name=_("koperasi"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("produk"),
    )
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=40)
    status = models.CharField(
        _("status"), max_length=5, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diposting oleh"),
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tawaran/kebutuhan")
        verbose_name_plural = _("bursa pertukaran")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="opop_listing_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("opop:listing_detail", args=[self.pk])


class Response(TimeStamped):
    """Another member's answer to a listing: what it offers or asks, and how much."""

    class Status(models.TextChoices):
        SENT = "terkirim", _("Terkirim")
        ACCEPTED = "diterima", _("Diterima")

    listing = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("tawaran/kebutuhan"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="opop_responses",
        verbose_name=_("koperasi penanggap"),
    )
    message = models.TextField(_("pesan"))
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produk yang ditawarkan"),
    )
    quantity = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.SENT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikirim oleh"),
    )

    class Meta:
        ordering = ["listing", "created_at", "pk"]
        verbose_name = _("tanggapan")
        verbose_name_plural = _("tanggapan")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "cooperative"],
                name="opop_response_one_per_cooperative",
                violation_error_message=_(
                    "Koperasi Anda sudah menanggapi tawaran/kebutuhan ini."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="opop_response_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} → {self.listing}"


class ExchangeQuerySet(ScopedQuerySet):
    """Both sides' officers; office roles when either side lies in their region."""

    kabupaten_paths = ("giver__kabupaten", "receiver__kabupaten")

    def officer_rows(self, scope, action):
        ids = scope.cooperative_ids
        return self.filter(Q(giver__in=ids) | Q(receiver__in=ids))

    def agreed(self):
        return self.filter(status=Exchange.Status.AGREED)

    def with_related(self):
        return self.select_related(
            "giver__kabupaten", "receiver__kabupaten", "listing", "product"
        )


class Exchange(TimeStamped):
    """Goods passed from one kopontren to another: recorded once both sides agree."""

    class Status(models.TextChoices):
        WAITING = "menunggu", _("Menunggu persetujuan")
        AGREED = "disepakati", _("Disepakati")
        CANCELLED = "batal", _("Dibatalkan")

    listing = models.ForeignKey(
        Listing,
        on_delete=models.PROTECT,
        related_name="exchanges",
        verbose_name=_("tawaran/kebutuhan"),
    )
    response = models.OneToOneField(
        Response,
        on_delete=models.PROTECT,
        related_name="exchange",
        verbose_name=_("tanggapan"),
    )
    giver = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="opop_given",
        verbose_name=_("koperasi pemberi"),
    )
    receiver = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="opop_received",
        verbose_name=_("koperasi penerima"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("produk"),
    )
    # What changed hands, kept as text: the product may be renamed or removed later.
    item = models.CharField(_("barang"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    giver_confirmed_at = models.DateTimeField(
        _("disetujui pemberi"), null=True, blank=True
    )
    giver_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    receiver_confirmed_at = models.DateTimeField(
        _("disetujui penerima"), null=True, blank=True
    )
    receiver_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("disepakati"), null=True, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pertukaran")
        verbose_name_plural = _("pertukaran")
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")),
                name="opop_exchange_between_two_cooperatives",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="opop_exchange_quantity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="disepakati")
                | (
                    Q(giver_confirmed_at__isnull=False)
                    & Q(receiver_confirmed_at__isnull=False)
                    & Q(agreed_at__isnull=False)
                ),
                name="opop_exchange_agreed_by_both",
            ),
        ]
        indexes = [models.Index(fields=["status", "agreed_at"])]

    def __str__(self):
        return (
            f"{self.giver} → {self.receiver}: {self.quantity} {self.unit} {self.item}"
        )

    def get_absolute_url(self):
        return reverse("opop:listing_detail", args=[self.listing_id])
