import calendar
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopontren import search
from portal.access import CHANGE, ScopedQuerySet
from portal.models import Located, TimeStamped

AHU_PATTERN = re.compile(r"^AHU-\d{7}\.AH\.\d{2}\.\d{2}\.TAHUN \d{4}$", re.IGNORECASE)
THIRTEEN_DIGITS = re.compile(r"^\d{13}$")


class PesantrenQuerySet(ScopedQuerySet):
    def officer_rows(self, scope, action):
        """Officers read the pesantren of their cooperatives and change none."""
        if action == CHANGE:
            return self.none()
        return self.filter(
            pk__in=Cooperative.objects.filter(pk__in=scope.cooperative_ids).values(
                "pesantren"
            )
        )

    def without_cooperative(self):
        """Pesantren that run no cooperative yet."""
        return self.filter(
            ~Exists(Cooperative.objects.filter(pesantren=OuterRef("pk")))
        )

    def with_regions(self):
        return self.select_related("kabupaten", "kecamatan", "desa")

    def with_cooperative_count(self):
        return self.annotate(cooperative_count=models.Count("cooperatives"))

    def search(self, text):
        """Name or NSPP; typo-tolerant on PostgreSQL, closest first."""
        return search.pesantren(self, text)


class Pesantren(Located, TimeStamped):
    """A pondok pesantren (Islamic boarding school)."""

    class Kind(models.TextChoices):
        SALAFIYAH = "salafiyah", _("Salafiyah")
        KHALAFIYAH = "khalafiyah", _("Khalafiyah")
        KOMBINASI = "kombinasi", _("Kombinasi")

    name = models.CharField(_("nama pesantren"), max_length=200)
    nspp = models.CharField(
        _("NSPP"),
        max_length=20,
        blank=True,
        help_text=_("Nomor Statistik Pondok Pesantren dari Kemenag (12 digit)."),
    )
    kind = models.CharField(
        _("tipe"), max_length=12, choices=Kind.choices, default=Kind.KOMBINASI
    )
    pengasuh = models.CharField(_("pengasuh"), max_length=150, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"), null=True, blank=True
    )
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    santri_putra = models.PositiveIntegerField(_("santri putra"), default=0)
    santri_putri = models.PositiveIntegerField(_("santri putri"), default=0)

    history = HistoricalRecords()
    objects = PesantrenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pesantren")
        verbose_name_plural = _("pesantren")
        # The default ordering of the directory, the registry list and the admin.
        indexes = [models.Index(fields=["name", "id"], name="pesantren_name_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["nspp"],
                condition=~Q(nspp=""),
                name="pesantren_nspp_unique",
                violation_error_message=_("NSPP ini sudah dipakai pesantren lain."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kopontren:pesantren_detail", args=[self.pk])


class CooperativeQuerySet(ScopedQuerySet):
    cooperative_path = "pk"

    def with_related(self):
        return self.select_related("pesantren", "kabupaten", "kecamatan")

    def kopontren(self):
        """Cooperatives run by a pesantren (kelompok kopontren): what the kopontren
        pages, OPOP and GEMASKOP work on."""
        return self.filter(kelompok=Cooperative.Kelompok.KOPONTREN)

    def secondary(self):
        """Koperasi sekunder (any reach)."""
        return self.filter(bentuk__startswith="sekunder")

    def unconfirmed(self, months=None, now=None):
        """Work list: data not confirmed (approved change request or staff check)
        within `months` (setting REGISTRY_CONFIRM_MONTHS), never confirmed first."""
        months = settings.REGISTRY_CONFIRM_MONTHS if months is None else months
        cutoff = months_before(now or timezone.now(), months)
        return self.filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=cutoff))

    def with_completeness(self):
        """Annotate what the completeness score needs, in the same query."""
        return self.annotate(
            has_officers=Exists(Officer.objects.filter(cooperative=OuterRef("pk"))),
            has_last_rat=Exists(
                YearlyFigures.objects.filter(
                    cooperative=OuterRef("pk"),
                    book_year=last_book_year(),
                    rat_date__isnull=False,
                )
            ),
            has_legal_document=Exists(
                Document.objects.filter(
                    cooperative=OuterRef("pk"),
                    kind__in=[Document.Kind.AKTA, Document.Kind.SK_AHU],
                )
            )
            | Exists(
                LegalEvent.objects.filter(cooperative=OuterRef("pk")).exclude(
                    document=""
                )
            ),
        )

    def search(self, text):
        """Name, NIK Koperasi, NSPP or AHU number; typo-tolerant on PostgreSQL,
        closest first (`search_rank`)."""
        return search.cooperatives(self, text)

    def with_status_as_of(self, date):
        """Annotate `status_at`: the legal status the log gave on that date."""
        statuses = Cooperative.LegalStatus
        return self.annotate(
            status_at=models.Case(
                models.When(
                    dissolved_date__lte=date, then=models.Value(statuses.BUBAR)
                ),
                models.When(
                    ahu_date__lte=date, then=models.Value(statuses.BERBADAN_HUKUM)
                ),
                models.When(akta_date__lte=date, then=models.Value(statuses.PROSES)),
                default=models.Value(statuses.BELUM),
                output_field=models.CharField(),
            )
        )

    def with_facts_as_of(self, date):
        """Annotate what the registry's dated facts said on that date: `status_at`
        (legal status), `nik_at` (berbadan hukum with a NIK Koperasi by then) and
        `active_at` (aktif, from the dated activity changes)."""
        before = ActivityChange.objects.filter(
            cooperative=OuterRef("pk"), date__lte=date
        ).order_by("-date", "-pk")
        # Every change toggles: with none by then, it was the opposite of the first.
        first_after = (
            ActivityChange.objects.filter(cooperative=OuterRef("pk"), date__gt=date)
            .order_by("date", "pk")
            .annotate(
                was=models.Case(
                    models.When(is_active=True, then=models.Value(False)),
                    default=models.Value(True),
                )
            )
        )
        return self.with_status_as_of(date).annotate(
            nik_at=models.Case(
                models.When(
                    Q(status_at=Cooperative.LegalStatus.BERBADAN_HUKUM)
                    & Q(nik_date__lte=date),
                    then=models.Value(True),
                ),
                default=models.Value(False),
            ),
            active_at=models.Case(
                # Most rows have not changed since: no subquery is evaluated for them.
                models.When(
                    Q(active_since__isnull=True) | Q(active_since__lte=date),
                    then=models.F("is_active"),
                ),
                default=Coalesce(
                    models.Subquery(before.values("is_active")[:1]),
                    models.Subquery(first_after.values("was")[:1]),
                ),
                output_field=models.BooleanField(),
            ),
        )

    def opop_members(self, member=True):
        """Members of an OPOP programme (or not). The membership lives in the opop
        app, which builds on this one: reach it through the reverse relation."""
        memberships = self.model._meta.get_field("opop_memberships").related_model
        exists = Exists(memberships.objects.filter(cooperative=OuterRef("pk")))
        return self.filter(exists if member else ~exists)

    def without_nik(self):
        """Work list: no NIK Koperasi yet."""
        return self.filter(nik_koperasi="")

    def rat_held_in(self, book_year):
        """Held RAT for this book year."""
        return self.filter(
            Exists(
                YearlyFigures.objects.filter(
                    cooperative=OuterRef("pk"),
                    book_year=book_year,
                    rat_date__isnull=False,
                )
            )
        )

    def rat_late(self, today=None, months=None):
        """Work list: aktif berbadan hukum cooperatives that did not hold the RAT of
        the latest book year past its deadline by that deadline."""
        year, deadline = latest_due_book_year(today, months)
        on_time = YearlyFigures.objects.filter(
            cooperative=OuterRef("pk"), book_year=year, rat_date__lte=deadline
        )
        return self.filter(
            is_active=True, legal_status=Cooperative.LegalStatus.BERBADAN_HUKUM
        ).filter(~Exists(on_time))

    def rat_missing_two_years(self, today=None, months=None):
        """Work list: aktif berbadan hukum cooperatives with no RAT for the last two
        book years past their deadline (at risk of dissolution)."""
        year, _deadline = latest_due_book_year(today, months)
        held = YearlyFigures.objects.filter(
            cooperative=OuterRef("pk"),
            book_year__in=[year, year - 1],
            rat_date__isnull=False,
        )
        return self.filter(
            is_active=True, legal_status=Cooperative.LegalStatus.BERBADAN_HUKUM
        ).filter(~Exists(held))

    def without_rat_in(self, book_year):
        """Work list: active cooperatives with no RAT for this book year."""
        held = YearlyFigures.objects.filter(
            cooperative=OuterRef("pk"), book_year=book_year, rat_date__isnull=False
        )
        return self.filter(is_active=True).filter(~Exists(held))

    def stuck_in_process(self, days=183):
        """Work list: dalam proses (akta without pengesahan) for over six months."""
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        return self.filter(
            legal_status=Cooperative.LegalStatus.PROSES,
            legal_status_since__lt=cutoff,
        )

    def status_counts(self):
        """Counts per legal status and aktif, in one aggregate query."""
        statuses = Cooperative.LegalStatus
        return self.aggregate(
            total=models.Count("pk"),
            bh=models.Count("pk", filter=Q(legal_status=statuses.BERBADAN_HUKUM)),
            proses=models.Count("pk", filter=Q(legal_status=statuses.PROSES)),
            belum=models.Count("pk", filter=Q(legal_status=statuses.BELUM)),
            bubar=models.Count("pk", filter=Q(legal_status=statuses.BUBAR)),
            with_nik=models.Count("pk", filter=~Q(nik_koperasi="")),
            aktif=models.Count("pk", filter=Q(is_active=True)),
        )


class Cooperative(Located, TimeStamped):
    """A cooperative run by a pesantren (most often a kopontren)."""

    class Kelompok(models.TextChoices):
        KOPONTREN = "kopontren", _("Koperasi Pondok Pesantren")
        LAINNYA = "lainnya", _("Koperasi lainnya")

    class Jenis(models.TextChoices):
        KONSUMEN = "konsumen", _("Konsumen")
        PRODUSEN = "produsen", _("Produsen")
        SIMPAN_PINJAM = "simpan_pinjam", _("Simpan pinjam")
        JASA = "jasa", _("Jasa")
        PEMASARAN = "pemasaran", _("Pemasaran")

    class Bentuk(models.TextChoices):
        PRIMER_KABUPATEN = "primer_kab", _("Primer kabupaten/kota")
        PRIMER_PROVINSI = "primer_prov", _("Primer provinsi")
        PRIMER_NASIONAL = "primer_nas", _("Primer nasional")
        SEKUNDER_KABUPATEN = "sekunder_kab", _("Sekunder kabupaten/kota")
        SEKUNDER_PROVINSI = "sekunder_prov", _("Sekunder provinsi")
        SEKUNDER_NASIONAL = "sekunder_nas", _("Sekunder nasional")

    class Pola(models.TextChoices):
        KONVENSIONAL = "konvensional", _("Konvensional")
        SYARIAH = "syariah", _("Syariah")

    class LegalStatus(models.TextChoices):
        BELUM = "belum", _("Belum berbadan hukum")
        PROSES = "proses", _("Dalam proses")
        BERBADAN_HUKUM = "bh", _("Berbadan hukum")
        BUBAR = "bubar", _("Dibubarkan")

    name = models.CharField(_("nama koperasi"), max_length=200)
    # Empty for a cooperative of the region that no pesantren runs (the province's
    # denominator); a kopontren always has one (constraint below).
    pesantren = models.ForeignKey(
        Pesantren,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperatives",
        verbose_name=_("pesantren"),
    )
    kelompok = models.CharField(
        _("kelompok koperasi"),
        max_length=12,
        choices=Kelompok.choices,
        default=Kelompok.KOPONTREN,
    )
    # NIK Koperasi and NIB come from the legal-status log (the latest step of each
    # kind), written by kopontren.services with the log: never edited on the profile.
    nik_koperasi = models.CharField(
        _("NIK Koperasi"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("Nomor Induk Koperasi dari Kemenkop (biasanya 13 digit)."),
    )
    nib = models.CharField(_("NIB"), max_length=20, blank=True, editable=False)
    jenis = models.CharField(
        _("jenis"), max_length=15, choices=Jenis.choices, default=Jenis.KONSUMEN
    )
    bentuk = models.CharField(
        _("bentuk"),
        max_length=15,
        choices=Bentuk.choices,
        default=Bentuk.PRIMER_KABUPATEN,
    )
    pola = models.CharField(
        _("pola pengelolaan"),
        max_length=15,
        choices=Pola.choices,
        default=Pola.KONVENSIONAL,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    verified = models.BooleanField(
        _("terverifikasi"),
        default=False,
        help_text=_("Data telah diperiksa Dinas. Hanya staf yang dapat mengubah."),
    )
    # Derived from the legal-status log by kopontren.services; kept on the row so that
    # filters and summaries over 130,000 cooperatives stay single aggregate queries.
    legal_status = models.CharField(
        _("status badan hukum"),
        max_length=6,
        choices=LegalStatus.choices,
        default=LegalStatus.BELUM,
        editable=False,
    )
    legal_status_since = models.DateField(
        _("status sejak"), null=True, blank=True, editable=False
    )
    akta_date = models.DateField(
        _("tanggal akta pendirian"), null=True, blank=True, editable=False
    )
    ahu_date = models.DateField(
        _("tanggal pengesahan AHU"), null=True, blank=True, editable=False
    )
    dissolved_date = models.DateField(
        _("tanggal pembubaran"), null=True, blank=True, editable=False
    )
    nib_date = models.DateField(_("tanggal NIB"), null=True, blank=True, editable=False)
    # The date of the latest ActivityChange: `is_active` holds since then.
    active_since = models.DateField(
        _("status aktif sejak"), null=True, blank=True, editable=False
    )
    nik_date = models.DateField(
        _("tanggal NIK Koperasi"), null=True, blank=True, editable=False
    )
    officer_accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="cooperatives",
        verbose_name=_("akun pengurus"),
    )
    # Freshness: the last time the data was confirmed, by an officer's approved change
    # request or by staff marking it checked (kopontren.services.cooperative_confirm).
    confirmed_at = models.DateTimeField(
        _("terakhir dikonfirmasi"), null=True, blank=True, editable=False
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("dikonfirmasi oleh"),
    )

    history = HistoricalRecords(
        excluded_fields=[
            "legal_status",
            "legal_status_since",
            "akta_date",
            "ahu_date",
            "dissolved_date",
            "nib_date",
            "nik_date",
            "active_since",
        ]
    )
    objects = CooperativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kelompok="kopontren") | Q(pesantren__isnull=False),
                name="cooperative_kopontren_has_pesantren",
                violation_error_message=_(
                    "Koperasi pondok pesantren harus mempunyai pesantren."
                ),
            ),
            models.UniqueConstraint(
                fields=["nik_koperasi"],
                condition=~Q(nik_koperasi=""),
                name="cooperative_nik_unique",
                violation_error_message=_(
                    "NIK Koperasi ini sudah dipakai koperasi lain."
                ),
            ),
            # The step dates are copied from the log; the log's own rule
            # (LegalEvent.clean) is the one that names the step, these keep SQL honest.
            models.CheckConstraint(
                condition=Q(akta_date__isnull=True)
                | Q(ahu_date__isnull=True)
                | Q(ahu_date__gte=models.F("akta_date")),
                name="cooperative_ahu_not_before_akta",
            ),
            models.CheckConstraint(
                condition=Q(ahu_date__isnull=True)
                | Q(nib_date__isnull=True)
                | Q(nib_date__gte=models.F("ahu_date")),
                name="cooperative_nib_not_before_ahu",
            ),
            models.CheckConstraint(
                condition=Q(ahu_date__isnull=True)
                | Q(nik_date__isnull=True)
                | Q(nik_date__gte=models.F("ahu_date")),
                name="cooperative_nik_not_before_ahu",
            ),
        ]
        indexes = [
            models.Index(fields=["kabupaten", "legal_status"]),
            models.Index(fields=["legal_status", "legal_status_since"]),
            models.Index(fields=["ahu_date"]),
            # The default ordering of the registry list and the admin.
            models.Index(fields=["name", "id"], name="cooperative_name_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kopontren:cooperative_detail", args=[self.pk])

    @property
    def is_kopontren(self):
        """Run by a pesantren: the kopontren pages, OPOP and GEMASKOP are for these."""
        return self.kelompok == self.Kelompok.KOPONTREN

    @property
    def confirmation_due(self):
        """Not confirmed within REGISTRY_CONFIRM_MONTHS (the `unconfirmed` list)."""
        cutoff = months_before(timezone.now(), settings.REGISTRY_CONFIRM_MONTHS)
        return self.confirmed_at is None or self.confirmed_at < cutoff

    @property
    def is_secondary(self):
        """A koperasi sekunder: its members are cooperatives."""
        return self.bentuk.startswith("sekunder")

    @property
    def nik_koperasi_warning(self):
        if self.nik_koperasi and not THIRTEEN_DIGITS.match(self.nik_koperasi):
            return _("NIK Koperasi biasanya 13 digit angka.")
        return ""

    def completeness_items(self):
        """(label, done) for each thing the Dinas wants on record."""
        if not hasattr(self, "has_officers"):
            annotated = Cooperative.objects.with_completeness().get(pk=self.pk)
            self.has_officers = annotated.has_officers
            self.has_last_rat = annotated.has_last_rat
            self.has_legal_document = annotated.has_legal_document
        return [
            (_("NIK Koperasi"), bool(self.nik_koperasi)),
            (_("NIB"), bool(self.nib)),
            (_("Alamat dan kecamatan"), bool(self.address and self.kecamatan_id)),
            (_("Telepon"), bool(self.phone)),
            (_("Pengurus"), self.has_officers),
            (
                _("RAT tahun buku %(year)s") % {"year": last_book_year()},
                self.has_last_rat,
            ),
            (_("Dokumen akta / SK AHU"), self.has_legal_document),
            (
                _("Berbadan hukum"),
                self.legal_status == self.LegalStatus.BERBADAN_HUKUM,
            ),
        ]

    def completeness_score(self):
        """Share of completeness items done, 0–100."""
        items = self.completeness_items()
        return round(100 * sum(done for _label, done in items) / len(items))


class OfficerQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"

    def current(self):
        today = timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))


class Officer(TimeStamped):
    """An officer (pengurus, pengawas or manajer) of a cooperative."""

    class Position(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        PENGAWAS = "pengawas", _("Pengawas")
        MANAJER = "manajer", _("Manajer")

    class Gender(models.TextChoices):
        L = "L", _("Laki-laki")
        P = "P", _("Perempuan")

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="officers",
        verbose_name=_("koperasi"),
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=12, choices=Position.choices)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    term_start = models.DateField(_("awal masa jabatan"), null=True, blank=True)
    term_end = models.DateField(_("akhir masa jabatan"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "position", "name"]
        verbose_name = _("pengurus")
        verbose_name_plural = _("pengurus")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="officer_term_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_position_display()})"


def legal_document_path(instance, filename):
    return f"koperasi/{instance.cooperative_id}/legal/{filename}"


class LegalEventQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"


# A step of the first kind may not be dated before the first step of each kind named:
# akta pendirian <= pengesahan AHU <= NIB / NIK Koperasi; PAD and dissolution after.
MUST_FOLLOW = {
    "ahu": ("akta",),
    "nib": ("akta", "ahu"),
    "nik": ("akta", "ahu"),
    "pad": ("akta", "ahu"),
    "bubar": ("akta", "ahu"),
}


def legal_order_conflicts(events):
    """(step, earlier step) pairs of a log where the step is dated before the first
    step of a kind it must follow."""
    first = {}
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        first.setdefault(event.kind, event)
    return [
        (event, first[kind])
        for event in events
        for kind in MUST_FOLLOW.get(event.kind, ())
        if kind in first and event.date < first[kind].date
    ]


def legal_order_message(step, earlier):
    return _(
        "%(step)s bertanggal %(date)s, sebelum %(earlier)s bertanggal "
        "%(earlier_date)s. Urutan yang sah: akta pendirian, pengesahan AHU, lalu "
        "NIB dan NIK Koperasi; PAD dan pembubaran sesudah pengesahan."
    ) % {
        "step": step.get_kind_display(),
        "date": f"{step.date:%d-%m-%Y}",
        "earlier": earlier.get_kind_display(),
        "earlier_date": f"{earlier.date:%d-%m-%Y}",
    }


class LegalEvent(TimeStamped):
    """A dated step on a cooperative's path to (and beyond) berbadan hukum."""

    class Kind(models.TextChoices):
        AKTA_PENDIRIAN = "akta", _("Akta pendirian")
        PENGESAHAN_AHU = "ahu", _("Pengesahan AHU (berbadan hukum)")
        NIB = "nib", _("NIB")
        NIK_KOPERASI = "nik", _("NIK Koperasi")
        PAD = "pad", _("Perubahan Anggaran Dasar (PAD)")
        PEMBUBARAN = "bubar", _("Pembubaran")

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="legal_events",
        verbose_name=_("koperasi"),
    )
    kind = models.CharField(_("langkah"), max_length=6, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    notary = models.CharField(_("notaris"), max_length=150, blank=True)
    document = models.FileField(
        _("dokumen"), upload_to=legal_document_path, blank=True, max_length=255
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = LegalEventQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "date", "pk"]
        verbose_name = _("langkah badan hukum")
        verbose_name_plural = _("riwayat badan hukum")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(kind="ahu") & ~Q(number=""),
                name="legal_event_ahu_number_unique",
                violation_error_message=_(
                    "Nomor AHU ini sudah tercatat pada koperasi lain."
                ),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(kind="nik") & ~Q(number=""),
                name="legal_event_nik_number_unique",
                violation_error_message=_(
                    "NIK Koperasi ini sudah tercatat pada koperasi lain."
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def clean(self):
        """Refuse a step that contradicts the order of the cooperative's log."""
        self.number = self.number.strip()
        if self.kind in (self.Kind.NIB, self.Kind.NIK_KOPERASI) and not self.number:
            raise ValidationError(
                {"number": _("Isi nomor %(step)s.") % {"step": self.get_kind_display()}}
            )
        if self.cooperative_id is None or self.date is None:
            return
        others = LegalEvent.objects.filter(cooperative_id=self.cooperative_id).exclude(
            pk=self.pk
        )
        problems = [
            legal_order_message(step, earlier)
            for step, earlier in legal_order_conflicts([*others, self])
            if self in (step, earlier)
        ]
        if problems:
            raise ValidationError({"date": problems})

    @property
    def number_warning(self):
        if not self.number:
            return ""
        if self.kind == self.Kind.PENGESAHAN_AHU and not AHU_PATTERN.match(self.number):
            return _(
                "Nomor AHU tidak berformat baru "
                "(AHU-0000000.AH.01.26.TAHUN 2019); diterima sebagai nomor lama."
            )
        if self.kind == self.Kind.NIK_KOPERASI and not THIRTEEN_DIGITS.match(
            self.number
        ):
            return _("NIK Koperasi biasanya 13 digit angka; periksa nomornya.")
        if self.kind == self.Kind.NIB and not THIRTEEN_DIGITS.match(self.number):
            return _("NIB biasanya 13 digit angka; periksa nomornya.")
        return ""


class ActivityChangeQuerySet(ScopedQuerySet):
    kabupaten_path = "cooperative__kabupaten"
    cooperative_path = "cooperative"


class ActivityChange(TimeStamped):
    """A cooperative became aktif or tidak aktif on a date (each change toggles)."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="activity_changes",
        verbose_name=_("koperasi"),
    )
    date = models.DateField(_("berlaku sejak"))
    is_active = models.BooleanField(_("aktif"))
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    objects = ActivityChangeQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "date", "pk"]
        verbose_name = _("perubahan status aktif")
        verbose_name_plural = _("perubahan status aktif")
        indexes = [models.Index(fields=["cooperative", "date"])]

    def __str__(self):
        state = _("aktif") if self.is_active else _("tidak aktif")
        return f"{self.cooperative} — {state} {self.date:%d-%m-%Y}"


class YearlyFiguresQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"


def rupiah_field(label):
    return models.DecimalField(label, max_digits=18, decimal_places=2, default=0)


class YearlyFigures(TimeStamped):
    """A cooperative's figures for one book year, as reported at its RAT."""

    # What a RAT reports, in the order the forms, the admin and the sheets show it.
    REPORTED_FIELDS = (
        "book_year",
        "rat_date",
        "members_male",
        "members_female",
        "managers",
        "staff",
        "modal_sendiri",
        "modal_luar",
        "aset",
        "volume_usaha",
        "shu",
    )

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="yearly_figures",
        verbose_name=_("koperasi"),
    )
    book_year = models.PositiveSmallIntegerField(_("tahun buku"))
    rat_date = models.DateField(_("tanggal RAT"), null=True, blank=True)
    members_male = models.PositiveIntegerField(_("anggota laki-laki"), default=0)
    members_female = models.PositiveIntegerField(_("anggota perempuan"), default=0)
    managers = models.PositiveIntegerField(_("jumlah manajer"), default=0)
    staff = models.PositiveIntegerField(_("jumlah karyawan"), default=0)
    modal_sendiri = rupiah_field(_("modal sendiri (Rp)"))
    modal_luar = rupiah_field(_("modal luar (Rp)"))
    aset = rupiah_field(_("aset (Rp)"))
    volume_usaha = rupiah_field(_("volume usaha (Rp)"))
    shu = rupiah_field(_("SHU (Rp)"))
    # The RAT as a meeting: attendance against the members, the next year's plan and
    # budget, and when it was reported to Kemenkop's ODS.
    members_present = models.PositiveIntegerField(
        _("anggota hadir"), null=True, blank=True
    )
    rapb = models.ForeignKey(
        "Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumen RAPB"),
        limit_choices_to={"kind": "rapb"},
    )
    reported_to_ods_on = models.DateField(_("dilaporkan ke ODS"), null=True, blank=True)

    history = HistoricalRecords()
    objects = YearlyFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "-book_year"]
        verbose_name = _("data RAT tahunan")
        verbose_name_plural = _("data RAT tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "book_year"],
                name="yearly_figures_one_per_year",
                violation_error_message=_("Data RAT untuk tahun buku ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(book_year__gte=1945) & Q(book_year__lte=2100),
                name="yearly_figures_book_year_sane",
            ),
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(
                    members_present__lte=models.F("members_male")
                    + models.F("members_female")
                ),
                name="yearly_figures_present_within_members",
                violation_error_message=_(
                    "Anggota hadir melebihi jumlah anggota (laki-laki + perempuan)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reported_to_ods_on__isnull=True)
                | Q(rat_date__isnull=False)
                & Q(reported_to_ods_on__gte=models.F("rat_date")),
                name="yearly_figures_reported_after_the_rat",
                violation_error_message=_(
                    "Pelaporan ke ODS tidak boleh sebelum tanggal RAT."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} — {self.book_year}"

    @property
    def members_total(self):
        return self.members_male + self.members_female

    @property
    def has_quorum(self):
        """More than half of the members attended (None when not recorded)."""
        if self.members_present is None:
            return None
        return self.members_present * 2 > self.members_total


def document_path(instance, filename):
    return f"koperasi/{instance.cooperative_id}/dokumen/{filename}"


class DocumentQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"

    def expiring(self, days=90):
        """Work list: documents expired or expiring within `days`, unless a document
        of the same kind (not "lainnya") of that cooperative stays valid beyond."""
        cutoff = timezone.localdate() + datetime.timedelta(days=days)
        renewed = (
            Document.objects.filter(
                cooperative=OuterRef("cooperative"), kind=OuterRef("kind")
            )
            .exclude(kind=Document.Kind.LAINNYA)
            .filter(valid_until__gt=cutoff)
        )
        return self.filter(valid_until__lte=cutoff).filter(~Exists(renewed))


class Document(TimeStamped):
    """A file kept on a cooperative's record (deed, SK, RAT minutes, photo…)."""

    class Kind(models.TextChoices):
        AKTA = "akta", _("Akta notaris")
        SK_AHU = "sk_ahu", _("SK pengesahan AHU")
        NIB = "nib", _("NIB")
        NIK = "nik", _("Sertifikat NIK Koperasi")
        PAD = "pad", _("Akta / SK perubahan anggaran dasar (PAD)")
        RAT = "rat", _("Laporan/notulen RAT")
        RAPB = "rapb", _("RAPB (rencana kerja dan anggaran)")
        FOTO = "foto", _("Foto")
        LAINNYA = "lainnya", _("Lainnya")

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("koperasi"),
    )
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=255)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    valid_until = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_(
            "Kosongkan bila tanpa masa berlaku. Sertifikat NIK Koperasi: bila kosong, "
            "2 tahun sejak terbit."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    # Years a kind of document is valid from its issue date (DOMAIN.md: NIK Koperasi
    # certificate 2 years); the validity end defaults from it.
    VALIDITY_YEARS = {Kind.NIK: 2}

    class Meta:
        ordering = ["cooperative", "-created_at"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="document_valid_after_issue",
                violation_error_message=_(
                    "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        years = self.VALIDITY_YEARS.get(self.kind)
        if years and self.issued_on and self.valid_until is None:
            issued = self.issued_on
            try:
                self.valid_until = issued.replace(year=issued.year + years)
            except ValueError:  # 29 February
                self.valid_until = issued.replace(year=issued.year + years, day=28)

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()


def change_request_path(instance, filename):
    return f"koperasi/{instance.cooperative_id}/usulan/{filename}"


class ChangeRequestQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"

    def officer_rows(self, scope, action):
        """An officer reads the proposals they submitted for their cooperatives."""
        return super().officer_rows(scope, action).filter(submitted_by=scope.user)

    def pending(self):
        return self.filter(status=ChangeRequest.Status.PENDING)


class ChangeRequest(TimeStamped):
    """An officer's proposed change to their cooperative, waiting for staff review."""

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu tinjauan")
        APPROVED = "disetujui", _("Disetujui")
        REJECTED = "ditolak", _("Ditolak")

    class Target(models.TextChoices):
        PROFILE = "profil", _("Profil koperasi")
        OFFICER = "pengurus", _("Pengurus")
        FIGURES = "rat", _("Data RAT tahunan")
        DOCUMENT = "dokumen", _("Dokumen")

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("koperasi"),
    )
    target = models.CharField(_("bagian"), max_length=10, choices=Target.choices)
    # The row changed; empty when the request adds a new officer, year or document.
    target_id = models.BigIntegerField(_("baris"), null=True, blank=True)
    payload = models.JSONField(_("usulan"), default=dict)
    file = models.FileField(
        _("berkas"), upload_to=change_request_path, blank=True, max_length=255
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditinjau oleh"),
    )
    reviewed_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("usulan perubahan")
        verbose_name_plural = _("usulan perubahan")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(reason=""),
                name="change_request_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_target_display()} — {self.cooperative}"


def rat_deadline(book_year, months):
    """The last day a book year's RAT is due: `months` after its close (31 Dec)."""
    extra_years, month = divmod(months, 12)
    year = book_year + extra_years + (1 if month else 0)
    if not month:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def latest_due_book_year(today=None, months=None):
    """(book year, deadline) of the latest book year whose RAT deadline has passed."""
    today = today or timezone.localdate()
    months = settings.RAT_DEADLINE_MONTHS if months is None else months
    year = today.year - 1
    while rat_deadline(year, months) >= today:
        year -= 1
    return year, rat_deadline(year, months)


def months_before(moment, months):
    """The same day (or the month's last) `months` months before `moment`."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def last_book_year():
    """The most recent closed book year (RAT for it is held this year)."""
    return timezone.localdate().year - 1


class SecondaryMembershipQuerySet(ScopedQuerySet):
    # Read from either side: the secondary's region or the primary's.
    kabupaten_paths = ("secondary__kabupaten", "primary__kabupaten")

    def officer_rows(self, scope, action):
        """Officers read the memberships of their cooperatives, on either side."""
        if action == CHANGE:
            return self.none()
        ids = scope.cooperative_ids
        return self.filter(Q(secondary__in=ids) | Q(primary__in=ids))

    def open(self):
        return self.filter(left_on__isnull=True)

    def with_related(self):
        return self.select_related(
            "secondary", "secondary__kabupaten", "primary", "primary__kabupaten"
        )


class SecondaryMembership(TimeStamped):
    """A primary cooperative's membership of a koperasi sekunder, from a date until
    it leaves."""

    secondary = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="primary_memberships",
        verbose_name=_("koperasi sekunder"),
    )
    primary = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="secondary_memberships",
        verbose_name=_("koperasi anggota"),
    )
    joined_on = models.DateField(_("tanggal bergabung"))
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = SecondaryMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["secondary", "primary__name", "joined_on", "pk"]
        verbose_name = _("keanggotaan koperasi sekunder")
        verbose_name_plural = _("keanggotaan koperasi sekunder")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="secondary_membership_left_after_joined",
                violation_error_message=_(
                    "Tanggal keluar tidak boleh sebelum tanggal bergabung."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(secondary=F("primary")),
                name="secondary_membership_not_itself",
                violation_error_message=_(
                    "Koperasi tidak dapat menjadi anggota dirinya sendiri."
                ),
            ),
            models.UniqueConstraint(
                fields=["secondary", "primary"],
                condition=Q(left_on__isnull=True),
                name="secondary_membership_one_open",
                violation_error_message=_(
                    "Koperasi ini masih tercatat sebagai anggota koperasi sekunder "
                    "tersebut."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.primary} — {self.secondary}"

    def clean(self):
        """The secondary is a koperasi sekunder; periods of one pair do not overlap."""
        errors = {}
        if self.secondary_id and not self.secondary.is_secondary:
            errors["secondary"] = _(
                "%(coop)s berbentuk %(bentuk)s, bukan koperasi sekunder."
            ) % {"coop": self.secondary, "bentuk": self.secondary.get_bentuk_display()}
        if self.secondary_id and self.primary_id and self.joined_on:
            others = SecondaryMembership.objects.filter(
                secondary_id=self.secondary_id, primary_id=self.primary_id
            ).exclude(pk=self.pk)
            if self.left_on is not None:
                others = others.filter(joined_on__lte=self.left_on)
            overlap = others.filter(
                Q(left_on__isnull=True) | Q(left_on__gte=self.joined_on)
            ).first()
            if overlap is not None and overlap.left_on is None:
                errors["joined_on"] = _(
                    "Bertumpang dengan keanggotaan yang masih berjalan sejak "
                    "%(joined)s."
                ) % {"joined": f"{overlap.joined_on:%d-%m-%Y}"}
            elif overlap is not None:
                errors["joined_on"] = _(
                    "Bertumpang dengan keanggotaan %(joined)s s.d. %(left)s."
                ) % {
                    "joined": f"{overlap.joined_on:%d-%m-%Y}",
                    "left": f"{overlap.left_on:%d-%m-%Y}",
                }
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.left_on is None

    @property
    def primary_or_none(self):
        """The primary member, None while a new membership has none yet."""
        return self.primary if self.primary_id else None
