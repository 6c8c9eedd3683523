"""The exchange board: listings, responses and the exchanges both sides agreed."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
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
    item = models.CharField(_("barang lain"), max_length=150, blank=True)
    quantity = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    value = models.DecimalField(
        _("taksiran nilai (Rp)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
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
        """Agreed by both, whether or not the goods have arrived yet."""
        return self.filter(status__in=[Exchange.Status.AGREED, Exchange.Status.DONE])

    def involving(self, cooperative):
        return self.filter(Q(giver=cooperative) | Q(receiver=cooperative))

    def with_related(self):
        return self.select_related(
            "giver__kabupaten", "receiver__kabupaten", "listing"
        ).prefetch_related(
            models.Prefetch(
                "sides",
                queryset=ExchangeSide.objects.select_related("cooperative"),
            )
        )


class Exchange(TimeStamped):
    """A barter between two kopontren: each side gives something (its `sides`);
    agreed by both, then done when each has confirmed receipt. The giver gives the
    listing's goods (the poster of an offer, the responder to a need)."""

    class Status(models.TextChoices):
        WAITING = "menunggu", _("Menunggu persetujuan")
        AGREED = "disepakati", _("Disepakati")
        DONE = "selesai", _("Selesai")
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
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

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
                condition=~Q(status__in=["disepakati", "selesai"])
                | (
                    Q(giver_confirmed_at__isnull=False)
                    & Q(receiver_confirmed_at__isnull=False)
                    & Q(agreed_at__isnull=False)
                ),
                name="opop_exchange_agreed_by_both",
            ),
            models.CheckConstraint(
                condition=~Q(status="selesai") | Q(completed_at__isnull=False),
                name="opop_exchange_done_is_dated",
            ),
        ]
        indexes = [models.Index(fields=["status", "agreed_at"])]

    def __str__(self):
        return f"{self.giver} ⇄ {self.receiver}"

    def get_absolute_url(self):
        return reverse("opop:listing_detail", args=[self.listing_id])

    def side_given_by(self, cooperative_id):
        """What that cooperative gives (from the prefetched sides), or None."""
        return next(
            (s for s in self.sides.all() if s.cooperative_id == cooperative_id), None
        )

    @property
    def giver_side(self):
        return self.side_given_by(self.giver_id)

    @property
    def receiver_side(self):
        return self.side_given_by(self.receiver_id)


class ExchangeSideQuerySet(models.QuerySet):
    def value_by_kabupaten_and_year(self):
        """One row per kabupaten/kota of the giving cooperative and year agreed: the
        sides given and their estimated value (one grouped query)."""
        return (
            self.filter(exchange__agreed_at__isnull=False)
            .order_by()
            .values(
                kabupaten_code=F("cooperative__kabupaten"),
                kabupaten_name=F("cooperative__kabupaten__name"),
                year=ExtractYear("exchange__agreed_at"),
            )
            .annotate(sides=Count("pk"), value=Sum("value"))
            .order_by("-year", "kabupaten_code")
        )


class ExchangeSide(TimeStamped):
    """What one cooperative gives in an exchange, valued as that cooperative
    estimates it, and when the other side confirmed receiving it."""

    exchange = models.ForeignKey(
        Exchange,
        on_delete=models.CASCADE,
        related_name="sides",
        verbose_name=_("pertukaran"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="opop_exchange_sides",
        verbose_name=_("koperasi pemberi"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_sides",
        verbose_name=_("produk"),
    )
    # Kept as text: the product may be renamed or removed later.
    item = models.CharField(_("barang"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=40)
    value = models.DecimalField(
        _("taksiran nilai (Rp)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    received_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikonfirmasi oleh"),
    )

    objects = ExchangeSideQuerySet.as_manager()

    class Meta:
        ordering = ["exchange", "pk"]
        verbose_name = _("sisi pertukaran")
        verbose_name_plural = _("sisi pertukaran")
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "cooperative"],
                name="opop_exchange_side_once_per_cooperative",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="opop_exchange_side_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="opop_exchange_side_value_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.cooperative}: {self.quantity} {self.unit} {self.item}"
