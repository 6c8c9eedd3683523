"""OPOP membership of a cooperative and its yearly work plans."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopontren.models import Cooperative
from portal.access import ScopedQuerySet
from portal.models import Region, TimeStamped


class MembershipQuerySet(ScopedQuerySet):
    kabupaten_paths = ("cooperative__kabupaten",)
    cooperative_path = "cooperative"
    programme = True

    def with_related(self):
        return self.select_related(
            "cooperative__pesantren", "cooperative__kabupaten", "programme", "secondary"
        )


def membership_path(instance, filename):
    return f"opop/anggota/{instance.cooperative_id}/{filename}"


class Membership(TimeStamped):
    """A cooperative's membership of a province's OPOP programme."""

    class Pillar(models.TextChoices):
        SANTRIPRENEUR = "santripreneur", _("Santripreneur")
        PESANTRENPRENEUR = "pesantrenpreneur", _("Pesantrenpreneur")
        SOCIOPRENEUR = "sociopreneur", _("Sociopreneur")

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="opop_memberships",
        verbose_name=_("koperasi"),
    )
    programme = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program OPOP provinsi"),
        limit_choices_to={"level": Region.Level.PROVINSI},
    )
    # The koperasi sekunder the member belongs to (OPOP Kalsel plans one).
    secondary = models.ForeignKey(
        Cooperative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opop_secondary_memberships",
        verbose_name=_("koperasi sekunder"),
        limit_choices_to={"bentuk__startswith": "sekunder"},
    )
    joined_on = models.DateField(_("tanggal bergabung"))
    pillar = models.CharField(
        _("pilar"), max_length=16, choices=Pillar.choices, blank=True
    )
    pact_signed_on = models.DateField(
        _("tanggal tanda tangan pakta integritas"), null=True, blank=True
    )
    pact_document = models.FileField(
        _("dokumen pakta integritas"),
        upload_to=membership_path,
        blank=True,
        max_length=255,
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative__name"]
        verbose_name = _("keanggotaan OPOP")
        verbose_name_plural = _("keanggotaan OPOP")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "programme"],
                name="opop_membership_one_per_programme",
                violation_error_message=_(
                    "Koperasi ini sudah menjadi anggota program OPOP provinsi ini."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} — OPOP {self.programme}"

    def get_absolute_url(self):
        return reverse("opop:membership_detail", args=[self.pk])

    def clean(self):
        """OPOP is for kopontren; the secondary named has the member as a primary."""
        errors = {}
        if self.cooperative_id and not self.cooperative.is_kopontren:
            # Not keyed to the field: the edit form does not show it.
            errors[NON_FIELD_ERRORS] = _(
                "Hanya koperasi pondok pesantren yang dapat menjadi anggota OPOP."
            )
        if self.secondary_id and self.cooperative_id:
            if not self.secondary.is_secondary:
                errors["secondary"] = _("%(coop)s bukan koperasi sekunder.") % {
                    "coop": self.secondary
                }
            elif not self.secondary.primary_memberships.open().filter(
                primary_id=self.cooperative_id
            ):
                errors["secondary"] = _(
                    "%(coop)s tidak tercatat sebagai anggota %(secondary)s; catat "
                    "dulu keanggotaannya pada halaman koperasi sekunder."
                ) % {"coop": self.cooperative, "secondary": self.secondary}
        if errors:
            raise ValidationError(errors)


class WorkPlanQuerySet(ScopedQuerySet):
    kabupaten_paths = ("membership__cooperative__kabupaten",)
    cooperative_path = "membership__cooperative"
    programme = True
    officer_changes = True


def work_plan_path(instance, filename):
    return f"opop/anggota/{instance.membership.cooperative_id}/rencana/{filename}"


class WorkPlan(TimeStamped):
    """A member's work plan for one year and the progress reported against it."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="work_plans",
        verbose_name=_("keanggotaan"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    plan = models.TextField(_("rencana kerja"), blank=True)
    plan_file = models.FileField(
        _("berkas rencana kerja"), upload_to=work_plan_path, blank=True, max_length=255
    )
    progress = models.TextField(_("laporan perkembangan"), blank=True)
    progress_file = models.FileField(
        _("berkas laporan perkembangan"),
        upload_to=work_plan_path,
        blank=True,
        max_length=255,
    )

    history = HistoricalRecords()
    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "-year"]
        verbose_name = _("rencana kerja tahunan")
        verbose_name_plural = _("rencana kerja tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"],
                name="opop_work_plan_one_per_year",
                violation_error_message=_("Rencana kerja tahun ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="opop_work_plan_year_sane",
                violation_error_message=_("Tahun harus antara 2000 dan 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.membership.cooperative} — {self.year}"
