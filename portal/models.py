from django.contrib.auth.models import AbstractUser, UserManager
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

    def contains(self, other):
        """True when `other` is this region or lies inside it."""
        if other is None:
            return False
        code = other if isinstance(other, str) else other.code
        return code == self.code or code.startswith(self.code + ".")


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

    @property
    def is_admin_role(self):
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def is_staf(self):
        return self.role == self.Role.STAF and not self.is_superuser

    @property
    def is_pengurus(self):
        return self.role == self.Role.PENGURUS and not self.is_superuser

    @property
    def is_provinsi(self):
        return self.role == self.Role.PROVINSI and not self.is_superuser


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
