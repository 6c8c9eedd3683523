"""Writes of the gemaskop app: each one function, atomic, keyword-only arguments."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from gemaskop.models import (
    Attendance,
    Certificate,
    CertificateSequence,
    Event,
    EventSession,
    Gender,
    Invitation,
    Participant,
    Position,
)
from kopontren.models import Cooperative, Pesantren
from portal import audit, erasure
from portal.constraints import violated_constraint
from portal.models import Office
from portal.services import numbers_allocate

SPACES = re.compile(r"\s+")
NOT_WORD = re.compile(r"[\W_]+")
PHONE = re.compile(r"^\+?[0-9 -]{6,20}$")
# How people abbreviate "pondok pesantren" on paper sheets and forms.
ABBREVIATION = re.compile(r"^(ponpes|pon\.?\s*pes|pp|p\.\s*p|pps)\.?\s+", re.IGNORECASE)
# Words that say what kind of institution it is, not which one: typed or not, they
# must not decide the match ("PP Nurul", "Ponpes Nurul", "Kopontren Nurul").
KIND_WORDS = frozenset(
    "pp ppm ponpes pontren pondok pesantren kopontren koppontren koperasi kop "
    "yayasan yys ypp".split()
)
PICKER_LIMIT = 8
MAX_AUTO_SESSION_DAYS = 14
CERTIFICATE_PREFIX = "GEMASKOP"
ATTENDANCE_UNIQUE = "attendance_once_per_session"
ATTENDANCE_CLIENT_ENTRY = "attendance_unique_client_entry"


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


class ContainsText(models.lookups.Lookup):
    """Case-insensitive LIKE without UPPER(), so PostgreSQL's trigram index applies."""

    lookup_name = "contains_text"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


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
            # GEMASKOP records people of kopontren (a participant's cooperative
            # brings its pesantren): cooperatives without one are not offered.
            Cooperative.objects.visible_to(user).kopontren(),
            event.kabupaten_id if event else None,
        )

    @classmethod
    def public(cls, event=None):
        return cls(
            Pesantren.objects.all(),
            Cooperative.objects.kopontren(),
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

    def _word_starts(self, queryset, words):
        for word in words:
            # Word characters only (name_key), so safe in both patterns. The plain
            # "contains" goes first: it is cheap, and the trigram index serves it.
            queryset = queryset.filter(
                ContainsText(models.F("name"), f"%{word}%"),
                name__iregex=rf"(^|[^0-9a-z]){word}",
            )
        return queryset

    def _ranked(self, queryset, text):
        near = models.Case(
            models.When(kabupaten_id=self.prefer_kabupaten, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        if connection.vendor == "postgresql":
            closeness = TrigramWordSimilarity(text, "name")
            return queryset.order_by(near, closeness.desc(), "name", "pk")
        return queryset.order_by(near, Length("name"), "name", "pk")

    def match(self, text, limit=PICKER_LIMIT):
        """Pesantren, then cooperatives, with a word starting with each typed word
        (kind words like "PP" or "Kopontren" folded away): two queries."""
        words = name_key(text).split()
        significant = [word for word in words if word not in KIND_WORDS]
        words = significant or words
        if not words or len("".join(words)) < 2:
            return []
        folded = " ".join(words)
        pesantren = list(
            self._ranked(
                self._word_starts(self.pesantren, words), folded
            ).select_related("kabupaten")[:limit]
        )
        found = [("p", item) for item in pesantren]
        cooperatives = (
            self._word_starts(self.cooperatives, words)
            .exclude(pesantren__in=[item.pk for item in pesantren])
            .select_related("kabupaten")
        )
        spare = max(limit - len(found), 2)
        found += [("c", item) for item in self._ranked(cooperatives, folded)[:spare]]
        return [
            {
                "ref": f"{kind}:{item.pk}",
                "label": item.name,
                "detail": item.kabupaten.name,
            }
            for kind, item in found
        ]

    def pick(self, ref, text):
        """The registry record the picker chose (`p:12`, `c:7`) if in scope, else
        what the typed text names (exact name, or free text)."""
        kind, _sep, pk = str(ref or "").partition(":")
        if pk.isdigit() and kind == "p":
            pesantren = self.pesantren.filter(pk=pk).first()
            if pesantren is not None:
                return Affiliation(pesantren=pesantren)
        if pk.isdigit() and kind == "c":
            cooperative = (
                self.cooperatives.filter(pk=pk).select_related("pesantren").first()
            )
            if cooperative is not None:
                return of_cooperative(cooperative)
        return self.resolve(text)

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
    # The same entry (same client id) sent again: the row saved the first time.
    replayed: bool = False

    @property
    def duplicate(self):
        return self.attendance is None


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
    client_id=None,
):
    """Record one person present at a session. A second entry of the same person (from
    another desk, a retry, the QR form) is refused by the database's unique constraint
    and returned as a duplicate, never as an error; the same entry sent again (same
    `client_id`) returns the row it made the first time."""
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
                client_id=client_id,
            )
    except IntegrityError as error:
        constraint = violated_constraint(error, Attendance)
        if constraint not in (ATTENDANCE_UNIQUE, ATTENDANCE_CLIENT_ENTRY):
            raise
        # A resend may break both constraints; the database names either one.
        earlier = client_id and Attendance.objects.for_list().get_or_none(client_id)
        if earlier is not None:
            return _replayed(session, earlier)
        return AddResult(participant, None)
    return AddResult(participant, attendance)


def _replayed(session, earlier):
    if earlier.session_id != session.pk:
        raise ValidationError(_("Kode isian ini sudah dipakai untuk sesi lain."))
    if earlier.removed_at is not None:
        return AddResult(earlier.participant, None, replayed=True)
    return AddResult(earlier.participant, earlier, replayed=True)


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


@dataclass
class LinkResult:
    linked: int
    kept: int


@transaction.atomic
def participants_link(*, event, institution, affiliation):
    """Link the event's participants typed with this free-text institution to a
    registry pesantren or cooperative. Someone already recorded from that pesantren
    under the same name stays as typed (two rows of one person are not merged)."""
    if not affiliation.in_registry:
        raise ValidationError(_("Pilih pesantren atau koperasi dari registri."))
    typed = Affiliation(institution=tidy(institution)[:200])
    rows = Participant.objects.select_for_update().filter(
        event=event, pesantren__isnull=True, affiliation_key=typed.key
    )
    taken = set(
        Participant.objects.filter(
            event=event, affiliation_key=affiliation.key
        ).values_list("name_key", flat=True)
    )
    linked = kept = 0
    for participant in rows:
        if participant.name_key in taken:
            kept += 1
            continue
        for field, value in affiliation.as_fields().items():
            setattr(participant, field, value)
        participant._change_reason = _("Ditautkan ke registri dari laporan")
        participant.save()
        taken.add(participant.name_key)
        linked += 1
    return LinkResult(linked, kept)


@transaction.atomic
def event_save(*, form, user, session_hours=None):
    """Create or change an event from staff's form. A new event gets one session on
    each of its days (on its first day only when it runs longer than
    MAX_AUTO_SESSION_DAYS), from `session_hours` (start, end)."""
    event = form.save(commit=False)
    created = event.pk is None
    if created:
        event.created_by = user
        if event.office is None:
            event.office = default_office(user, event)
    if event.signatory is None and event.office is not None:
        event.signatory = event.office.first_unit
    event.full_clean()
    event.save()
    if created and session_hours:
        event_sessions_create(event=event, hours=session_hours)
    return event


@transaction.atomic
def event_sessions_create(*, event, hours):
    """One session on each day of the event (only the first day of a long one)."""
    days = (event.end_date - event.start_date).days + 1
    days = days if days <= MAX_AUTO_SESSION_DAYS else 1
    start, end = hours
    for index in range(days):
        title = _("Hari ke-%(n)d") % {"n": index + 1} if days > 1 else _("Sesi utama")
        session = EventSession(
            event=event,
            date=event.start_date + datetime.timedelta(days=index),
            start_time=start,
            end_time=end,
            title=title,
        )
        session.full_clean()
        session.save()


@transaction.atomic
def event_record_save(*, form, event):
    """Save a session, speaker or photo of an event."""
    record = form.save(commit=False)
    record.event = event
    record.full_clean()
    record.save()
    return record


def default_office(user, event):
    """The creator's office, else the office of the event's kabupaten (or None when
    only the settings' default office exists)."""
    for office in (Office.for_user(user), Office.for_region(event.kabupaten_id)):
        if office.pk:
            return office
    return None


def certificate_number(year, sequence):
    """The number of the settings' default office (single-office installations)."""
    return f"{CERTIFICATE_PREFIX}/{year}/{sequence:04d}"


def certificate_numbers(event, count):
    """`count` new numbers in the organising office's series for the event's kind and
    year; the settings' default office keeps one yearly series."""
    year = event.start_date.year
    office = event.organiser
    if office.pk:
        sequences = numbers_allocate(
            office=office, series=event.series_code, year=year, count=count
        )
        return [
            office.format_number(sequence=n, series=event.series_code, year=year)
            for n in sequences
        ]
    sequence, _created = CertificateSequence.objects.select_for_update().get_or_create(
        year=year
    )
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return [certificate_number(year, first + index) for index in range(count)]


@transaction.atomic
def certificates_issue(*, event):
    """Number a certificate for each present participant and each speaker who has none
    yet. Numbers run per office, kind of event and year (800/001/GEMASKOP/35.09/2025…)
    and are never reused."""
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
    numbers = certificate_numbers(event, len(recipients))
    return Certificate.objects.bulk_create(
        Certificate(
            event=event,
            number=number,
            recipient_name=person.name,
            **{kind: person},
        )
        for number, (kind, person) in zip(numbers, recipients, strict=True)
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
