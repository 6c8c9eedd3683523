import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        """Provinsi only."""
        return self.filter(level=Region.Level.PROVINSI)

    def kabupatens(self):
        """Kabupaten and kota only."""
        return self.filter(level=Region.Level.KABUPATEN)


class Region(models.Model):
    """A Kemendagri region (wilayah): provinsi, kabupaten/kota, kecamatan or desa."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABUPATEN = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self):
        return self.name


class PortalUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("region")


class User(AbstractUser):
    """A person who logs in, with one role and the region that scopes it."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        STAF = "staf", _("Staf Dinas")
        STAF_PROVINSI = "staf_provinsi", _("Staf Dinas provinsi")
        PENGURUS = "pengurus", _("Pengurus koperasi")
        PROVINSI = "provinsi", _("Pejabat provinsi")

    role = models.CharField(
        _("peran"), max_length=16, choices=Role.choices, default=Role.PENGURUS
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("wilayah tugas"),
        help_text=_(
            "Kabupaten/kota untuk staf, provinsi untuk staf Dinas provinsi dan "
            "pejabat provinsi."
        ),
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    invited_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diundang oleh"),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["staf", "staf_provinsi", "provinsi"])
                | Q(region__isnull=False),
                name="user_scoped_role_has_region",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class Located(models.Model):
    """An address in the Kemendagri regions; the kabupaten scopes who sees the row."""

    address = models.CharField(_("alamat"), max_length=255, blank=True)
    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kabupaten/kota"),
        limit_choices_to={"level": Region.Level.KABUPATEN},
    )
    kecamatan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
        limit_choices_to={"level": Region.Level.KECAMATAN},
    )
    desa = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
        limit_choices_to={"level": Region.Level.DESA},
    )

    class Meta:
        abstract = True


MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG"}
# The parts an office's number format may use; all of them keep numbers unique
# across offices, kinds of event and years.
NUMBER_PARTS = ("{klasifikasi}", "{nomor}", "{kegiatan}", "{wilayah}", "{tahun}")
REQUIRED_NUMBER_PARTS = ("{nomor}", "{kegiatan}", "{wilayah}", "{tahun}")
DEFAULT_NUMBER_FORMAT = "{klasifikasi}/{nomor}/{kegiatan}/{wilayah}/{tahun}"


def validate_image(upload):
    """A readable PNG or JPEG of at most 2 MB, checked by Pillow, not by its name."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Gambar terlalu besar (maksimal 2 MB)."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca.")
        ) from error
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Gambar harus berformat PNG atau JPEG."))


def validate_number_format(value):
    """Only the known parts, and every part that keeps a number unique."""
    unknown = set(re.findall(r"\{[^}]*\}", value)) - set(NUMBER_PARTS)
    if unknown:
        raise ValidationError(
            _("Bagian format tidak dikenal: %(parts)s.")
            % {"parts": ", ".join(sorted(unknown))}
        )
    missing = [part for part in REQUIRED_NUMBER_PARTS if part not in value]
    if missing:
        raise ValidationError(
            _("Format nomor harus memuat %(parts)s.") % {"parts": ", ".join(missing)}
        )


def office_image_path(instance, filename):
    return f"kantor/{instance.region_id}/{filename}"


class OfficeQuerySet(models.QuerySet):
    def with_units(self):
        """Region and units in a fixed number of queries."""
        return self.select_related("region").prefetch_related("units")


class Office(models.Model):
    """A Dinas: the cooperatives office of one kabupaten/kota or province, with its
    letterhead, signatories and number series."""

    region = models.OneToOneField(
        Region,
        on_delete=models.PROTECT,
        related_name="office",
        verbose_name=_("wilayah"),
        limit_choices_to={"level__in": [Region.Level.PROVINSI, Region.Level.KABUPATEN]},
    )
    name = models.CharField(
        _("nama resmi"),
        max_length=200,
        help_text=_("Mis. Dinas Koperasi dan Usaha Mikro Kabupaten Jember."),
    )
    short_name = models.CharField(_("nama singkat"), max_length=60)
    government = models.CharField(
        _("pemerintah daerah"),
        max_length=120,
        help_text=_("Mis. Pemerintah Kabupaten Jember."),
    )
    address = models.CharField(_("alamat"), max_length=250)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("situs web"), max_length=120, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=office_image_path,
        blank=True,
        max_length=255,
        validators=[validate_image],
        help_text=_("PNG atau JPEG, maksimal 2 MB; tampil di kiri kop surat."),
    )
    signature_image = models.ImageField(
        _("pindaian tanda tangan"),
        upload_to=office_image_path,
        blank=True,
        max_length=255,
        validators=[validate_image],
    )
    stamp = models.ImageField(
        _("cap dinas"),
        upload_to=office_image_path,
        blank=True,
        max_length=255,
        validators=[validate_image],
    )
    print_signature = models.BooleanField(
        _("cetak tanda tangan dan cap pada sertifikat"),
        default=False,
        help_text=_("Hanya bila pindaian tanda tangan atau cap diunggah."),
    )
    number_classification = models.CharField(
        _("kode klasifikasi nomor"), max_length=20, default="800"
    )
    number_format = models.CharField(
        _("format nomor"),
        max_length=80,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "Bagian: {klasifikasi}, {nomor}, {kegiatan}, {wilayah}, {tahun}; "
            "mis. 800/012/GEMASKOP/35.09/2025."
        ),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["region"]
        verbose_name = _("dinas")
        verbose_name_plural = _("dinas")

    def __str__(self):
        return self.short_name or self.name

    @classmethod
    def default(cls):
        """The single office of the settings, unsaved: for installations (and
        regions) without an office record."""
        return cls(
            name=settings.OFFICE_NAME,
            short_name=settings.OFFICE_NAME,
            address=settings.OFFICE_ADDRESS,
        )

    @classmethod
    def for_region(cls, region):
        """The office of a kabupaten/kota or province; a kabupaten without one falls
        back to its province's, then to the settings' default."""
        code = getattr(region, "code", region)
        if not code:
            return cls.default()
        codes = [code, code.split(".")[0]]
        offices = {o.region_id: o for o in cls.objects.filter(region_id__in=codes)}
        for candidate in codes:
            if candidate in offices:
                return offices[candidate]
        return cls.default()

    @classmethod
    def for_user(cls, user):
        """The office of the user's region; for a user without one (an officer), the
        office of their first cooperative's kabupaten; else the settings' default."""
        code = getattr(user, "region_id", None)
        if code is None and getattr(user, "is_authenticated", False):
            code = (
                user.cooperatives.order_by("pk")
                .values_list("kabupaten_id", flat=True)
                .first()
            )
        return cls.for_region(code)

    @property
    def first_unit(self):
        """The unit whose head signs by default (none for the settings' default)."""
        if self.pk is None:
            return None
        units = list(self.units.all())
        return units[0] if units else None

    def format_number(self, *, sequence, series, year):
        """A number in the office's format, e.g. 800/012/GEMASKOP/35.09/2025."""
        return self.number_format.format(
            klasifikasi=self.number_classification,
            nomor=f"{sequence:03d}",
            kegiatan=series,
            wilayah=self.region_id,
            tahun=year,
        )


NIP = RegexValidator(
    r"^\d{18}$", _("NIP terdiri dari 18 angka, tanpa spasi."), code="nip"
)


class OfficeUnit(models.Model):
    """A unit (bidang) of an office and the head who signs its documents."""

    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name=_("dinas"),
    )
    name = models.CharField(
        _("nama bidang"),
        max_length=150,
        help_text=_("Mis. Bidang Kelembagaan dan Pengawasan."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    head_name = models.CharField(_("nama kepala bidang"), max_length=150)
    head_title = models.CharField(
        _("jabatan"),
        max_length=150,
        help_text=_("Mis. Kepala Bidang Kelembagaan dan Pengawasan."),
    )
    head_nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[NIP])
    head_rank = models.CharField(
        _("pangkat/golongan"),
        max_length=80,
        blank=True,
        help_text=_("Mis. Pembina (IV/a)."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["office", "order", "pk"]
        verbose_name = _("bidang")
        verbose_name_plural = _("bidang")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="office_unit_name_unique",
                violation_error_message=_(
                    "Dinas ini sudah punya bidang dengan nama ini."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.head_name}"


class NumberCounter(models.Model):
    """The last number an office used in one series and year (locked while
    numbering)."""

    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("dinas"),
    )
    series = models.CharField(_("seri"), max_length=30)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor")
        verbose_name_plural = _("penghitung nomor")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "series", "year"],
                name="number_counter_once_per_office_series_year",
            ),
        ]

    def __str__(self):
        return f"{self.office} {self.series} {self.year}: {self.last}"


class AuditEntryQuerySet(models.QuerySet):
    def older_than(self, moment):
        """Entries written before `moment` (what the retention period prunes)."""
        return self.filter(at__lt=moment)


class AuditEntry(models.Model):
    """One thing someone did with personal data or with access: append-only."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Ekspor data")
        USER_ACCESS = "user_access", _("Perubahan peran atau wilayah pengguna")
        ERASURE = "erasure", _("Penghapusan data pribadi")
        VIEW = "view", _("Tampilan data pribadi tanpa samaran")
        IMPORT = "import", _("Impor data")
        MFA = "mfa", _("Perubahan verifikasi dua langkah")
        MERGE = "merge", _("Penggabungan data ganda")
        MFA_RESET = "mfa_reset", _("Reset verifikasi dua langkah pengguna")

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    # Kept as text so the entry still names who did it after the account goes.
    actor_name = models.CharField(_("nama pengguna pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=16, choices=Action.choices)
    page = models.CharField(_("halaman"), max_length=255, blank=True)
    filters = models.TextField(_("saringan"), blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    personal_columns = models.JSONField(
        _("kolom data pribadi"), default=list, blank=True
    )
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [models.Index(fields=["action", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="export") | Q(row_count__isnull=False),
                name="auditentry_export_has_row_count",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class JobQuerySet(models.QuerySet):
    def of(self, user):
        """A user's own jobs: nobody else sees them (out of scope is a 404)."""
        return self.filter(owner=user)

    def finished_before(self, moment):
        return self.filter(finished_at__lt=moment)


class Job(TimeStamped):
    """Long work done by the background worker for one person (a whole event's
    certificates, say), with the progress that person watches and the file it made."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("menunggu giliran")
        RUNNING = "berjalan", _("sedang dikerjakan")
        DONE = "selesai", _("selesai")
        FAILED = "gagal", _("gagal")
        CANCELLED = "dibatalkan", _("dibatalkan")

    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("pemilik")
    )
    title = models.CharField(_("pekerjaan"), max_length=255)
    task_path = models.CharField(_("tugas"), max_length=255)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    # Where the person goes back to (the event the certificates belong to).
    back_url = models.CharField(_("kembali ke"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("tahap"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("selesai dikerjakan"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_result_id = models.CharField(_("nomor tugas"), max_length=64, blank=True)
    result_file = models.FileField(_("berkas hasil"), upload_to="tugas/", blank=True)
    result_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    error = models.TextField(_("galat"), blank=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")) | Q(total=0),
                name="job_done_within_total",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:job_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def expires_at(self):
        if self.finished_at is None:
            return None
        return self.finished_at + datetime.timedelta(
            hours=settings.PORTAL_JOB_FILE_HOURS
        )

    @property
    def can_download(self):
        return (
            self.status == self.Status.DONE
            and bool(self.result_file)
            and timezone.now() < self.expires_at
        )


class DailyRun(models.Model):
    """A scheduled job that ran on a day: what makes it run once a day across every
    node (the row is written in the same transaction as the job's work)."""

    name = models.CharField(_("pekerjaan terjadwal"), max_length=100)
    day = models.DateField(_("tanggal"))
    finished_at = models.DateTimeField(_("selesai pada"), default=timezone.now)
    summary = models.TextField(_("ringkasan"), blank=True)

    class Meta:
        ordering = ["-day", "name"]
        verbose_name = _("jalannya pekerjaan terjadwal")
        verbose_name_plural = _("jalannya pekerjaan terjadwal")
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="daily_run_once")
        ]

    def __str__(self):
        return f"{self.name} {self.day}"
