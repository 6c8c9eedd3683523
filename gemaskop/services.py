"""Writes of the gemaskop app: each one function, atomic, keyword-only arguments."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemaskop.models import (
    Attendance,
    Certificate,
    CertificateSequence,
    Event,
    Gender,
    Invitation,
    Participant,
    Position,
)
from kopontren.models import Cooperative, Pesantren
from portal import audit, erasure

SPACES = re.compile(r"\s+")
NOT_WORD = re.compile(r"[\W_]+")
PHONE = re.compile(r"^\+?[0-9 -]{6,20}$")
# How people abbreviate "pondok pesantren" on paper sheets and forms.
ABBREVIATION = re.compile(r"^(ponpes|pon\.?\s*pes|pp|p\.\s*p|pps)\.?\s+", re.IGNORECASE)
CERTIFICATE_PREFIX = "GEMASKOP"
ATTENDANCE_UNIQUE = "attendance_once_per_session"


def tidy(text):
    """Trimmed, with runs of whitespace collapsed to one space."""
    return SPACES.sub(" ", str(text or "")).strip()


def name_key(text):
    """The comparable form of a name: casefolded, punctuation and extra spaces gone."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return SPACES.sub(" ", NOT_WORD.sub(" ", text)).strip()


def expand_abbreviation(text):
    """'Ponpes Nurul Falah' → 'Pondok Pesantren Nurul Falah'."""
    return ABBREVIATION.sub("Pondok Pesantren ", tidy(text))


@dataclass(frozen=True)
class Affiliation:
    """Where a person comes from: registry pesantren/cooperative, or free text."""

    pesantren: Pesantren | None = None
    cooperative: Cooperative | None = None
    institution: str = ""

    @property
    def key(self):
        if self.pesantren is not None:
            return f"p:{self.pesantren.pk}"
        if self.institution:
            return "t:" + name_key(self.institution)[:200]
        return ""

    @property
    def label(self):
        if self.cooperative is not None:
            return self.cooperative.name
        if self.pesantren is not None:
            return self.pesantren.name
        return self.institution

    @property
    def in_registry(self):
        return self.pesantren is not None

    def as_fields(self):
        return {
            "pesantren": self.pesantren,
            "cooperative": self.cooperative,
            "institution": "" if self.pesantren is not None else self.institution,
            "affiliation_key": self.key,
        }


def of_cooperative(cooperative):
    return Affiliation(pesantren=cooperative.pesantren, cooperative=cooperative)


@dataclass(frozen=True)
class Registry:
    """The pesantren and cooperatives a lookup may match (a user's scope, or all)."""

    pesantren: models.QuerySet
    cooperatives: models.QuerySet
    prefer_kabupaten: str | None = None

    @classmethod
    def for_user(cls, user, event=None):
        return cls(
            Pesantren.objects.visible_to(user),
            Cooperative.objects.visible_to(user),
            event.kabupaten_id if event else None,
        )

    @classmethod
    def public(cls, event=None):
        return cls(
            Pesantren.objects.all(),
            Cooperative.objects.all(),
            event.kabupaten_id if event else None,
        )

    def _preferred(self, queryset):
        near = models.Case(
            models.When(kabupaten_id=self.prefer_kabupaten, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return queryset.order_by(near, "pk")

    def resolve(self, text):
        """Exact (case-insensitive) registry name, else free text: at most 2 queries."""
        text = tidy(text)[:200]
        if not text:
            return Affiliation()
        names = {text, expand_abbreviation(text)}
        same_name = models.Q()
        for name in names:
            same_name |= models.Q(name__iexact=name)
        pesantren = self._preferred(self.pesantren.filter(same_name)).first()
        if pesantren is not None:
            return Affiliation(pesantren=pesantren)
        cooperative = (
            self._preferred(self.cooperatives.filter(same_name))
            .select_related("pesantren")
            .first()
        )
        if cooperative is not None:
            return of_cooperative(cooperative)
        return Affiliation(institution=text)

    def options(self, limit=600):
        """Registry names near the event (its kabupaten), for a <datalist>."""
        if not self.prefer_kabupaten:
            return []
        near = {"kabupaten_id": self.prefer_kabupaten}
        names = list(
            self.pesantren.filter(**near).values_list("name", flat=True)[:limit]
        )
        names += list(
            self.cooperatives.filter(**near).values_list("name", flat=True)[:limit]
        )
        return sorted(set(names))

    def suggest(self, text, limit=15):
        """Registry names containing the typed text, for the autocomplete."""
        text = tidy(text)
        if len(text) < 2:
            return []
        pesantren = self._preferred(self.pesantren.filter(name__icontains=text))
        cooperatives = self._preferred(self.cooperatives.filter(name__icontains=text))
        names = list(pesantren.values_list("name", flat=True)[:limit])
        names += list(cooperatives.values_list("name", flat=True)[:limit])
        return sorted(set(names))[:limit]


def validate_person(*, name, phone="", gender="", position=Position.SANTRI):
    """The person's own fields, with Indonesian messages per field."""
    errors = {}
    if not name_key(name):
        errors["name"] = _("Nama wajib diisi.")
    elif len(name) > 150:
        errors["name"] = _("Nama terlalu panjang (maksimal 150 huruf).")
    if phone and not PHONE.match(phone):
        errors["phone"] = _("Nomor HP hanya berisi angka, misalnya 081234567890.")
    if gender and gender not in Gender.values:
        errors["gender"] = _("Jenis kelamin diisi L atau P.")
    if position not in Position.values:
        errors["position"] = _("Jabatan tidak dikenal.")
    if errors:
        raise ValidationError(errors)


def participant_upsert(
    *,
    event,
    name,
    affiliation,
    gender="",
    phone="",
    position=Position.SANTRI,
    position_detail="",
):
    """The event's participant with this name and affiliation, created if new."""
    name = tidy(name)
    validate_person(name=name, phone=phone, gender=gender, position=position)
    participant, created = Participant.objects.get_or_create(
        event=event,
        name_key=name_key(name),
        affiliation_key=affiliation.key,
        defaults={
            "name": name,
            "gender": gender,
            "phone": tidy(phone),
            "position": position,
            "position_detail": tidy(position_detail)[:100],
            **affiliation.as_fields(),
        },
    )
    if not created and gender and not participant.gender:
        Participant.objects.filter(pk=participant.pk, gender="").update(gender=gender)
        participant.gender = gender
    return participant


@dataclass
class AddResult:
    participant: Participant
    attendance: Attendance | None

    @property
    def duplicate(self):
        return self.attendance is None


def _is_attendance_duplicate(error):
    diag = getattr(error.__cause__, "diag", None)
    constraint = getattr(diag, "constraint_name", None)
    return constraint == ATTENDANCE_UNIQUE or ATTENDANCE_UNIQUE in str(error)


@transaction.atomic
def attendance_add(
    *,
    session,
    name,
    affiliation,
    gender="",
    phone="",
    position=Position.SANTRI,
    position_detail="",
    source=Attendance.Source.DESK,
    entered_by=None,
):
    """Record one person present at a session. A second entry of the same person (from
    another desk, a retry, the QR form) is refused by the database's unique constraint
    and returned as a duplicate, never as an error."""
    participant = participant_upsert(
        event=session.event,
        name=name,
        affiliation=affiliation,
        gender=gender,
        phone=phone,
        position=position,
        position_detail=position_detail,
    )
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                participant=participant,
                source=source,
                entered_by=entered_by,
            )
    except IntegrityError as error:
        if not _is_attendance_duplicate(error):
            raise
        return AddResult(participant, None)
    return AddResult(participant, attendance)


@transaction.atomic
def attendance_remove(*, attendance, reason, removed_by):
    """Late correction: take a wrongly entered row off the list, keeping it (and who
    removed it, when and why) on record."""
    reason = tidy(reason)
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan koreksi.")})
    if attendance.removed_at is not None:
        raise ValidationError(_("Baris ini sudah dihapus sebelumnya."))
    attendance.removed_at = timezone.now()
    attendance.removed_by = removed_by
    attendance.removed_reason = reason[:255]
    attendance._change_reason = reason[:100]
    attendance.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    return attendance


@transaction.atomic
def invitation_create(*, event, affiliation, person_name="", position=Position.SANTRI):
    """Invite a pesantren, cooperative or institution (optionally a named person)."""
    person_name = tidy(person_name)
    if not affiliation.key and not person_name:
        raise ValidationError(_("Isi nama undangan atau asal lembaganya."))
    invitation, created = Invitation.objects.get_or_create(
        event=event,
        affiliation_key=affiliation.key,
        name_key=name_key(person_name),
        defaults={
            "person_name": person_name[:150],
            "position": position,
            **affiliation.as_fields(),
        },
    )
    return invitation, created


@transaction.atomic
def invitations_create_for_pesantren(*, event, pesantren, position=Position.SANTRI):
    """Invite several pesantren of the registry at once; returns how many were new."""
    created = 0
    for item in pesantren:
        _invitation, is_new = invitation_create(
            event=event, affiliation=Affiliation(pesantren=item), position=position
        )
        created += is_new
    return created


@transaction.atomic
def invitation_delete(*, invitation):
    """Withdraw an invitation nobody has come for yet."""
    if invitation.participant_id:
        raise ValidationError(_("Undangan yang sudah hadir tidak dapat dihapus."))
    invitation.delete()


@transaction.atomic
def invitation_mark_present(*, invitation, session, name="", entered_by=None):
    """Tick an invited person present at a session."""
    name = tidy(name) or invitation.person_name
    if not name:
        raise ValidationError({"name": _("Tuliskan nama orang yang datang.")})
    result = attendance_add(
        session=session,
        name=name,
        affiliation=Affiliation(
            pesantren=invitation.pesantren,
            cooperative=invitation.cooperative,
            institution=invitation.institution,
        ),
        position=invitation.position,
        source=Attendance.Source.INVITATION,
        entered_by=entered_by,
    )
    if invitation.participant_id is None:
        Invitation.objects.filter(pk=invitation.pk).update(
            participant=result.participant
        )
        invitation.participant = result.participant
    return result


@transaction.atomic
def participant_update(*, participant, name, affiliation, gender, phone, position):
    """Correct a participant's record (the certificate follows the new name)."""
    name = tidy(name)
    validate_person(name=name, phone=phone, gender=gender, position=position)
    for field, value in {
        "name": name,
        "name_key": name_key(name),
        "gender": gender,
        "phone": tidy(phone),
        "position": position,
        **affiliation.as_fields(),
    }.items():
        setattr(participant, field, value)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Sudah ada peserta lain dengan nama dan asal lembaga ini.")
        ) from error
    Certificate.objects.filter(participant=participant).update(recipient_name=name)
    return participant


@transaction.atomic
def event_save(*, form, user):
    """Create or change an event from staff's form."""
    event = form.save(commit=False)
    if event.pk is None:
        event.created_by = user
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_record_save(*, form, event):
    """Save a session, speaker or photo of an event."""
    record = form.save(commit=False)
    record.event = event
    record.full_clean()
    record.save()
    return record


def certificate_number(year, sequence):
    return f"{CERTIFICATE_PREFIX}/{year}/{sequence:04d}"


@transaction.atomic
def certificates_issue(*, event):
    """Number a certificate for each present participant and each speaker who has none
    yet. Numbers run per year (GEMASKOP/2025/0001…) and are never reused."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    participants = list(
        event.participants.present()
        .filter(certificate__isnull=True)
        .order_by("name", "pk")
    )
    speakers = list(event.speakers.filter(certificate__isnull=True).order_by("pk"))
    recipients = [("speaker", s) for s in speakers] + [
        ("participant", p) for p in participants
    ]
    if not recipients:
        return []
    year = event.start_date.year
    sequence, _created = CertificateSequence.objects.select_for_update().get_or_create(
        year=year
    )
    first = sequence.last + 1
    sequence.last += len(recipients)
    sequence.save(update_fields=["last"])
    return Certificate.objects.bulk_create(
        Certificate(
            event=event,
            number=certificate_number(year, first + index),
            recipient_name=person.name,
            **{kind: person},
        )
        for index, (kind, person) in enumerate(recipients)
    )


@transaction.atomic
def participant_erase(*, participant, by, reason):
    """Erase a participant's personal data everywhere (live row, history, admin
    log, invitations); the certificate stays, with its number, as anonymised."""
    erasure.check_reason(reason)
    label = erasure.anonymised_name(participant)
    erasure.scrub(
        participant, name=label, name_key=name_key(label), phone="", position_detail=""
    )
    Certificate.objects.filter(participant=participant).update(recipient_name=label)
    Invitation.objects.filter(participant=participant).update(
        person_name="", name_key=name_key(label)
    )
    audit.record_erasure(actor=by, obj=participant, reason=reason)


@transaction.atomic
def speaker_erase(*, speaker, by, reason):
    """Erase a speaker's name, NPWP and bank account everywhere; the certificate
    stays, with its number, as anonymised."""
    erasure.check_reason(reason)
    label = erasure.anonymised_name(speaker)
    erasure.scrub(speaker, name=label, npwp="", bank_name="", bank_account="")
    Certificate.objects.filter(speaker=speaker).update(recipient_name=label)
    audit.record_erasure(actor=by, obj=speaker, reason=reason)


RETENTION_REASON = "Masa simpan data peserta berakhir"


def participants_anonymise_expired(*, today=None):
    """Anonymise the participants of events that ended more than the retention
    period ago (each as one erasure); the number anonymised."""
    today = today or timezone.localdate()
    years = settings.PARTICIPANT_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    expired = Participant.objects.filter(event__end_date__lt=cutoff).exclude(
        name__startswith="Dianonimkan #"
    )
    count = 0
    for participant in expired.iterator():
        participant_erase(participant=participant, by=None, reason=RETENTION_REASON)
        count += 1
    return count
