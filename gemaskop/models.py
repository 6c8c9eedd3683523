import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopontren.models import Cooperative, Pesantren
from portal.access import CHANGE, ScopedQuerySet
from portal.models import Office, OfficeUnit, Region, TimeStamped


def new_token():
    return secrets.token_urlsafe(16)


# Letters and digits a person cannot misread on paper (no 0/O, 1/I).
CHECK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def normalised_code(text):
    """A typed check code as upper-case symbols, spaces and dashes dropped."""
    return "".join(text.split()).replace("-", "").upper()


class EventQuerySet(ScopedQuerySet):
    programme = True

    def officer_rows(self, scope, action):
        """Officers read the events their cooperative's people attended."""
        if action == CHANGE:
            return self.none()
        return self.filter(
            Exists(
                Attendance.objects.present()
                .affiliated_with(scope.cooperative_ids)
                .filter(session__event=OuterRef("pk"))
            )
        )

    def reach(self, year=None):
        """Events that count as GEMASKOP reach (of a budget year)."""
        return self.filter(Event.reach_q(year=year))

    def with_counts(self):
        """Participants present (in any session), in the same query."""
        present = (
            Participant.objects.present()
            .filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.select_related("kabupaten").annotate(
            participant_count=models.functions.Coalesce(
                models.Subquery(present), models.Value(0)
            )
        )


class Event(TimeStamped):
    """A GEMASKOP socialisation, bimtek, OPOP working meeting or other event."""

    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("Sosialisasi GEMASKOP")
        BIMTEK = "bimtek", _("Bimbingan teknis (bimtek)")
        RAKER_OPOP = "raker_opop", _("Rapat kerja OPOP")
        LAINNYA = "lainnya", _("Lainnya")

    # The one definition of GEMASKOP reach, for the reach report, the follow-up
    # list, the invitation suggestions and the summary's funnel alike.
    REACH_KINDS = (Kind.SOSIALISASI,)

    name = models.CharField(_("nama kegiatan"), max_length=200)
    kind = models.CharField(
        _("jenis kegiatan"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.SOSIALISASI,
    )
    budget_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    bidang = models.CharField(
        _("bidang penyelenggara"),
        max_length=150,
        default="Bidang Kelembagaan dan Pengawasan",
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=200)
    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kabupaten/kota tempat"),
        limit_choices_to={"level": Region.Level.KABUPATEN},
    )
    capacity = models.PositiveIntegerField(_("kapasitas"), null=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    checkin_token = models.CharField(
        _("kode hadir mandiri"), max_length=32, unique=True, default=new_token
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("dinas penyelenggara"),
        help_text=_("Kop surat, penanda tangan dan nomor sertifikat dari dinas ini."),
    )
    signatory = models.ForeignKey(
        OfficeUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanda tangan"),
        help_text=_("Kosong: kepala bidang pertama dinas penyelenggara."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    history = HistoricalRecords(excluded_fields=["checkin_token"])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="event_dates_in_order",
                violation_error_message=_(
                    "Tanggal selesai tidak boleh sebelum tanggal mulai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(budget_year__gte=2000) & Q(budget_year__lte=2100),
                name="event_budget_year_sane",
            ),
        ]
        indexes = [
            models.Index(fields=["kabupaten", "start_date"]),
            # The default ordering of the event list and the admin.
            models.Index(fields=["-start_date", "name"], name="event_date_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gemaskop:event_detail", args=[self.pk])

    def clean(self):
        if self.signatory_id and self.signatory.office_id != self.office_id:
            raise ValidationError(
                {"signatory": _("Penanda tangan harus dari dinas penyelenggara.")}
            )

    @cached_property
    def organiser(self):
        """The organising office; without one, the office of the event's kabupaten."""
        if self.office_id:
            return self.office
        return Office.for_region(self.kabupaten_id)

    @cached_property
    def signing_unit(self):
        """Who signs the daftar hadir and certificates (may be None)."""
        return self.signatory or self.organiser.first_unit

    @property
    def series_code(self):
        """The programme part of the event's document numbers."""
        return SERIES_CODES[self.kind]

    @classmethod
    def reach_q(cls, prefix="", year=None):
        """The condition "counts as GEMASKOP reach (in the budget year)" on events,
        seen through `prefix` (e.g. "session__event__") from another model."""
        condition = Q(**{f"{prefix}kind__in": cls.REACH_KINDS})
        if year:
            condition &= Q(**{f"{prefix}budget_year": year})
        return condition

    @property
    def counts_as_reach(self):
        return self.kind in self.REACH_KINDS

    def is_open_for_checkin(self, today=None):
        """Self check-in works only on the event's own days (local time)."""
        today = today or timezone.localdate()
        return self.start_date <= today <= self.end_date


SERIES_CODES = {
    Event.Kind.SOSIALISASI: "GEMASKOP",
    Event.Kind.BIMTEK: "BIMTEK",
    Event.Kind.RAKER_OPOP: "RAKER-OPOP",
    Event.Kind.LAINNYA: "KEGIATAN",
}


def photo_path(instance, filename):
    return f"gemaskop/{instance.event_id}/foto/{filename}"


class EventPhoto(TimeStamped):
    """A documentation photo of an event."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("kegiatan"),
    )
    image = models.ImageField(_("foto"), upload_to=photo_path, max_length=255)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("foto dokumentasi")
        verbose_name_plural = _("foto dokumentasi")

    def __str__(self):
        return self.caption or self.image.name


def paper_path(instance, filename):
    return f"gemaskop/{instance.event_id}/berkas/{filename}"


class EventPaper(TimeStamped):
    """A paper the office keeps with an event: report, minutes, signed daftar hadir
    scan, invitation letter."""

    class Kind(models.TextChoices):
        LAPORAN = "laporan", _("Laporan hasil kegiatan")
        NOTULEN = "notulen", _("Notulen")
        DAFTAR_HADIR = "daftar_hadir", _("Pindaian daftar hadir bertanda tangan")
        UNDANGAN = "undangan", _("Surat undangan")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="papers",
        verbose_name=_("kegiatan"),
    )
    kind = models.CharField(_("jenis berkas"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=paper_path, max_length=255)
    title = models.CharField(_("judul"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "kind", "created_at"]
        verbose_name = _("berkas kegiatan")
        verbose_name_plural = _("berkas kegiatan")

    def __str__(self):
        return self.title or self.get_kind_display()


class EventSession(TimeStamped):
    """One session or day of an event; attendance is taken per session."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("kegiatan"),
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    title = models.CharField(_("judul sesi"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "date", "start_time"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="event_session_times_in_order",
                violation_error_message=_("Jam selesai harus sesudah jam mulai."),
            ),
            models.UniqueConstraint(
                fields=["event", "date", "start_time"],
                name="event_session_unique_start",
                violation_error_message=_(
                    "Sudah ada sesi kegiatan ini pada tanggal dan jam itu."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"


def material_path(instance, filename):
    return f"gemaskop/{instance.event_id}/materi/{filename}"


class Speaker(TimeStamped):
    """A narasumber; NPWP and bank account are personal data (honorarium only)."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="speakers",
        verbose_name=_("kegiatan"),
    )
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("instansi"), max_length=200)
    topic = models.CharField(_("materi/topik"), max_length=255, blank=True)
    material = models.FileField(
        _("berkas materi"), upload_to=material_path, blank=True, max_length=255
    )
    npwp = models.CharField(_("NPWP"), max_length=25, blank=True)
    bank_name = models.CharField(_("nama bank"), max_length=60, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name", "institution"],
                name="speaker_unique_per_event",
                violation_error_message=_("Narasumber ini sudah tercatat."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.institution})"


class Position(models.TextChoices):
    SANTRI = "santri", _("Santri")
    PENGURUS = "pengurus", _("Pengurus")
    PENGASUH = "pengasuh", _("Pengasuh")
    KETUA_KOPERASI = "ketua_koperasi", _("Ketua koperasi")
    LAINNYA = "lainnya", _("Lainnya")


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Affiliated(models.Model):
    """Where a person comes from: a pesantren/cooperative of the registry, or free text.

    `affiliation_key` identifies the pesantren (a cooperative counts as its pesantren),
    so that "Ahmad, Kopontren X" and "Ahmad, Pondok Pesantren X" are one person.
    """

    pesantren = models.ForeignKey(
        Pesantren,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pesantren"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koperasi"),
    )
    institution = models.CharField(
        _("asal lembaga (di luar registri)"), max_length=200, blank=True
    )
    affiliation_key = models.CharField(max_length=220, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def after_merge(cls, *, field, kept, merged_pk):
        """The key follows a merged pesantren to the one kept (kopontren.duplicates
        calls this after moving the foreign keys)."""
        if field == "pesantren_id":
            cls._base_manager.filter(affiliation_key=f"p:{merged_pk}").update(
                affiliation_key=f"p:{kept.pk}"
            )

    @property
    def affiliation_label(self):
        if self.cooperative_id:
            return self.cooperative.name
        if self.pesantren_id:
            return self.pesantren.name
        return self.institution


class ParticipantQuerySet(models.QuerySet):
    def present(self):
        """Participants present in at least one session."""
        return self.filter(
            Exists(Attendance.objects.present().filter(participant=OuterRef("pk")))
        )

    def with_affiliation(self):
        return self.select_related(
            "pesantren", "pesantren__kabupaten", "cooperative", "event"
        )


class Participant(Affiliated, TimeStamped):
    """A person taking part in one event. No NIK KTP: many participants are minors."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("kegiatan"),
    )
    name = models.CharField(_("nama"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False)
    gender = models.CharField(
        _("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    position = models.CharField(
        _("jabatan"), max_length=16, choices=Position.choices, default=Position.SANTRI
    )
    position_detail = models.CharField(_("rincian jabatan"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name_key", "affiliation_key"],
                name="participant_unique_person_per_event",
                violation_error_message=_(
                    "Peserta dengan nama dan asal lembaga ini sudah tercatat."
                ),
            ),
            # A cooperative always brings its pesantren, so "pesantren reached" is one
            # indexed column (the summaries' funnel counts on it).
            models.CheckConstraint(
                condition=Q(cooperative__isnull=True) | Q(pesantren__isnull=False),
                name="participant_cooperative_has_pesantren",
            ),
        ]
        indexes = [
            models.Index(fields=["pesantren", "event"]),
            # The admin's ordering (ParticipantAdmin.ordering).
            models.Index(fields=["event", "name"], name="participant_event_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def position_label(self):
        return self.position_detail or self.get_position_display()


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        """Rows not removed by a late correction."""
        return self.filter(removed_at__isnull=True)

    def affiliated_with(self, cooperative_ids):
        """Attendance of people from these cooperatives or their pesantren."""
        cooperatives = Cooperative.objects.filter(pk__in=cooperative_ids)
        return self.filter(
            Q(participant__cooperative__in=cooperatives)
            | Q(participant__pesantren__in=cooperatives.values("pesantren"))
        )

    def for_list(self):
        return self.select_related(
            "participant", "participant__pesantren", "participant__cooperative"
        )

    def get_or_none(self, client_id):
        """The row a desk entry made, if it reached the database."""
        return self.filter(client_id=client_id).first()


class Attendance(models.Model):
    """One person present at one session. The database refuses a second row for the
    same person in the same session, however many desks enter it at once."""

    class Source(models.TextChoices):
        DESK = "meja", _("Meja hadir")
        SELF = "mandiri", _("Hadir mandiri (QR)")
        INVITATION = "undangan", _("Daftar undangan")
        IMPORT = "impor", _("Impor berkas")

    session = models.ForeignKey(
        EventSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("sesi"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("peserta"),
    )
    source = models.CharField(
        _("cara masuk"), max_length=8, choices=Source.choices, default=Source.DESK
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    removed_at = models.DateTimeField(_("dihapus"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dihapus oleh"),
    )
    removed_reason = models.CharField(_("alasan koreksi"), max_length=255, blank=True)
    # Made by the desk's browser for each entry, so that sending it again (after a
    # lost answer, a reload, a second tab) finds the row instead of adding one.
    client_id = models.UUIDField(_("kode isian"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "-created_at", "-pk"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(removed_at__isnull=True),
                name="attendance_once_per_session",
                violation_error_message=_("Peserta ini sudah tercatat hadir."),
            ),
            models.UniqueConstraint(
                fields=["client_id"], name="attendance_unique_client_entry"
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""),
                name="attendance_removal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.session}"


class Invitation(Affiliated, TimeStamped):
    """A pesantren or cooperative (optionally a named person) invited to an event."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("kegiatan"),
    )
    person_name = models.CharField(_("nama undangan"), max_length=150, blank=True)
    name_key = models.CharField(max_length=150, editable=False, blank=True)
    position = models.CharField(
        _("jabatan"), max_length=16, choices=Position.choices, default=Position.SANTRI
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("peserta yang hadir"),
    )

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "affiliation_key", "name_key"],
                name="invitation_unique_per_event",
                violation_error_message=_("Undangan ini sudah ada."),
            ),
        ]

    def __str__(self):
        return self.person_name or self.affiliation_label


class CertificateSequence(models.Model):
    """The last certificate number used in a year (locked while numbering)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def for_present(self):
        """Speakers' certificates and those of participants still marked present (a
        late correction takes a certificate out of print)."""
        return self.filter(
            Q(speaker__isnull=False) | Q(participant__in=Participant.objects.present())
        )


class Certificate(models.Model):
    """A numbered certificate for a participant or a speaker, verifiable in public."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("kegiatan"),
    )
    participant = models.OneToOneField(
        Participant,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("peserta"),
    )
    speaker = models.OneToOneField(
        Speaker,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("narasumber"),
    )
    number = models.CharField(_("nomor sertifikat"), max_length=80, unique=True)
    token = models.CharField(max_length=32, unique=True, default=new_token)
    recipient_name = models.CharField(_("nama penerima"), max_length=150)
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=True, speaker__isnull=False)
                | Q(participant__isnull=False, speaker__isnull=True),
                name="certificate_for_participant_or_speaker",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def role_label(self):
        return _("Narasumber") if self.speaker_id else _("Peserta")

    def verify_path(self):
        return reverse("gemaskop:certificate_verify", args=[self.token])

    @property
    def check_code(self):
        """The short code printed beside the number: number and code together
        show the name (a number alone shows only that it exists). Derived from
        the secret QR token, so it needs no column and cannot be guessed."""
        digest = hashlib.sha256(f"sertifikat:{self.token}".encode()).digest()
        code = "".join(CHECK_CODE_ALPHABET[byte % 32] for byte in digest[:8])
        return f"{code[:4]}-{code[4:]}"

    def matches_check_code(self, text):
        """True when `text` is this certificate's check code (any case, dashes)."""
        return hmac.compare_digest(
            normalised_code(text).encode(), normalised_code(self.check_code).encode()
        )
