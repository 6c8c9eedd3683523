import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kopontren.forms import (
    DocumentForm,
    OfficerForm,
    OfficerProfileForm,
    YearlyFiguresForm,
)
from kopontren.models import (
    ActivityChange,
    ChangeRequest,
    Cooperative,
    Document,
    LegalEvent,
    Officer,
    YearlyFigures,
    last_book_year,
    legal_order_conflicts,
    legal_order_message,
)
from portal import audit, erasure
from portal.forms import version_hold
from portal.models import User
from portal.services import user_invite
from portal.tasks import mail_queue
from portal.templatetags.portal_tags import rupiah

CHANGE_REQUEST_FORMS = {
    ChangeRequest.Target.PROFILE: OfficerProfileForm,
    ChangeRequest.Target.OFFICER: OfficerForm,
    ChangeRequest.Target.FIGURES: YearlyFiguresForm,
    ChangeRequest.Target.DOCUMENT: DocumentForm,
}


def first_dates(events):
    """The first date of each kind of step in a legal-status log."""
    first = {}
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        first.setdefault(event.kind, event.date)
    return first


def derive_legal_status(events):
    """(status, since, ahu_date) from a cooperative's legal-status log.

    Dibubarkan wins from its date; otherwise the first pengesahan AHU makes it berbadan
    hukum; otherwise the first akta pendirian puts it dalam proses; else belum.
    The same rule, per date, is `CooperativeQuerySet.with_status_as_of`.
    """
    first = first_dates(events)
    statuses = Cooperative.LegalStatus
    ahu_date = first.get(LegalEvent.Kind.PENGESAHAN_AHU)
    if LegalEvent.Kind.PEMBUBARAN in first:
        return statuses.BUBAR, first[LegalEvent.Kind.PEMBUBARAN], ahu_date
    if ahu_date:
        return statuses.BERBADAN_HUKUM, ahu_date, ahu_date
    if LegalEvent.Kind.AKTA_PENDIRIAN in first:
        return statuses.PROSES, first[LegalEvent.Kind.AKTA_PENDIRIAN], None
    return statuses.BELUM, None, None


def latest_numbers(events):
    """The number of the latest numbered step of each kind (a later step corrects)."""
    latest = {}
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        if event.number:
            latest[event.kind] = event.number
    return latest


def latest_steps(events):
    """The latest step of each kind, by kind code: what the profile shows."""
    latest = {}
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        latest[event.kind] = event
    return latest


@transaction.atomic
def cooperative_refresh_legal_status(*, cooperative):
    """Recompute the stored legal status, step dates, NIB and NIK from the log."""
    events = list(cooperative.legal_events.all())
    status, since, ahu_date = derive_legal_status(events)
    first = first_dates(events)
    numbered = first_dates(event for event in events if event.number)
    numbers = latest_numbers(events)
    values = {
        "legal_status": status,
        "legal_status_since": since,
        "akta_date": first.get(LegalEvent.Kind.AKTA_PENDIRIAN),
        "ahu_date": ahu_date,
        "dissolved_date": first.get(LegalEvent.Kind.PEMBUBARAN),
        "nib": numbers.get(LegalEvent.Kind.NIB, ""),
        "nib_date": numbered.get(LegalEvent.Kind.NIB),
        "nik_koperasi": numbers.get(LegalEvent.Kind.NIK_KOPERASI, ""),
        "nik_date": numbered.get(LegalEvent.Kind.NIK_KOPERASI),
    }
    Cooperative.objects.filter(pk=cooperative.pk).update(**values)
    for name, value in values.items():
        setattr(cooperative, name, value)
    return cooperative


@transaction.atomic
def cooperative_identifiers_record(*, cooperative, nik, nib, note):
    """Record a NIK Koperasi or NIB read from a sheet as today's legal step, unless the
    log already gives that number; the profile then shows the log."""
    current = latest_numbers(cooperative.legal_events.all())
    for kind, number in (
        (LegalEvent.Kind.NIK_KOPERASI, nik),
        (LegalEvent.Kind.NIB, nib),
    ):
        if number and current.get(kind) != number:
            event = LegalEvent(
                cooperative=cooperative,
                kind=kind,
                date=timezone.localdate(),
                number=number,
                note=note,
            )
            event.full_clean()
            event.save()
    return cooperative_refresh_legal_status(cooperative=cooperative)


@transaction.atomic
def cooperative_save(*, form, user=None):
    """Create or update a cooperative from staff's form; a change of aktif status is
    kept with the date it holds from."""
    changed = form.instance.pk is not None and "is_active" in form.changed_data
    version_hold(instance=form.instance, opened=form.opened_version)
    cooperative = form.save()
    if changed:
        cooperative_activity_record(
            cooperative=cooperative,
            is_active=cooperative.is_active,
            date=form.cleaned_data.get("active_since") or timezone.localdate(),
            recorded_by=user,
        )
    return cooperative


@transaction.atomic
def cooperative_activity_record(
    *, cooperative, is_active, date, note="", recorded_by=None
):
    """Record that a cooperative became aktif / tidak aktif on a date; the row's
    `is_active` and `active_since` follow the latest change."""
    if cooperative.active_since and date < cooperative.active_since:
        raise ValidationError(
            {
                "active_since": _(
                    "Perubahan status tidak boleh sebelum perubahan terakhir "
                    "(%(date)s)."
                )
                % {"date": f"{cooperative.active_since:%d-%m-%Y}"}
            }
        )
    ActivityChange.objects.create(
        cooperative=cooperative,
        is_active=is_active,
        date=date,
        note=note,
        recorded_by=recorded_by,
    )
    Cooperative.objects.filter(pk=cooperative.pk).update(
        is_active=is_active, active_since=date
    )
    cooperative.is_active, cooperative.active_since = is_active, date
    return cooperative


@transaction.atomic
def cooperative_confirm(*, cooperative, by):
    """Staff mark the cooperative's data as checked (sudah diperiksa): who and when
    are kept on the row and in its history."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    cooperative.confirmed_at = timezone.now()
    cooperative.confirmed_by = by
    cooperative._change_reason = _("Ditandai sudah diperiksa")
    cooperative._history_user = by
    cooperative.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return cooperative


@transaction.atomic
def secondary_membership_save(*, membership):
    """Record (or change) a primary's membership of a koperasi sekunder, validated
    by the model: a sekunder, in order, no overlapping periods."""
    membership.full_clean()
    membership.save()
    return membership


def legal_stages(events):
    """(sentence, date) for each stage of the legal path a cooperative is at, from
    its legal-status log: "Berbadan hukum sejak 10 Januari 2025", "Belum punya NIK
    Koperasi sejak …" (waiting since the legal status was obtained)."""
    first = first_dates(events)
    numbered = first_dates(event for event in events if event.number)
    kinds = LegalEvent.Kind
    ahu = first.get(kinds.PENGESAHAN_AHU)
    if kinds.PEMBUBARAN in first:
        stages = [(_("Dibubarkan sejak %(date)s"), first[kinds.PEMBUBARAN])]
    elif ahu is None and kinds.AKTA_PENDIRIAN in first:
        stages = [
            (
                _("Dalam proses (akta notaris) sejak %(date)s"),
                first[kinds.AKTA_PENDIRIAN],
            )
        ]
    elif ahu is None:
        stages = [(_("Belum berbadan hukum"), None)]
    else:
        stages = [(_("Berbadan hukum sejak %(date)s"), ahu)]
        for kind, has, lacks in (
            (
                kinds.NIB,
                _("Punya NIB sejak %(date)s"),
                _("Belum punya NIB sejak %(date)s"),
            ),
            (
                kinds.NIK_KOPERASI,
                _("Punya NIK Koperasi sejak %(date)s"),
                _("Belum punya NIK Koperasi sejak %(date)s"),
            ),
        ):
            stages.append((has, numbered[kind]) if kind in numbered else (lacks, ahu))
    return [
        (text % {"date": date_format(date, "j F Y")} if date else text, date)
        for text, date in stages
    ]


@transaction.atomic
def record_save(*, form, cooperative=None):
    """Save a cooperative's officer, RAT year, legal step or document from staff's
    form (refused when the record changed since the form was opened)."""
    version_hold(instance=form.instance, opened=getattr(form, "opened_version", None))
    obj = form.save(commit=False)
    if cooperative is not None:
        obj.cooperative = cooperative
    obj.full_clean()
    obj.save()
    if isinstance(obj, LegalEvent):
        cooperative_refresh_legal_status(cooperative=obj.cooperative)
    return obj


@transaction.atomic
def document_replace(*, form, replaced_by):
    """Put a new file (and dates) on a document; its history keeps the old file."""
    document = form.save(commit=False)
    document.uploaded_by = replaced_by
    document._change_reason = _("Berkas diganti")
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def record_delete(*, obj, reason=""):
    """Delete a record of a cooperative; the history keeps what it was."""
    obj._change_reason = reason
    cooperative = obj.cooperative
    if isinstance(obj, LegalEvent):
        _refuse_a_gap_in_the_log(obj)
    obj.delete()
    if isinstance(obj, LegalEvent):
        cooperative_refresh_legal_status(cooperative=cooperative)


def _refuse_a_gap_in_the_log(removed):
    """Removing a step may not leave later steps before an earlier one."""
    events = list(removed.cooperative.legal_events.all())
    before = {(a.pk, b.pk) for a, b in legal_order_conflicts(events)}
    after = legal_order_conflicts([e for e in events if e.pk != removed.pk])
    problems = [
        legal_order_message(step, earlier)
        for step, earlier in after
        if (step.pk, earlier.pk) not in before
    ]
    if problems:
        raise ValidationError(problems)


# --- Officers' change requests ----------------------------------------------------


def _primitive(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | Decimal):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, File):
        return None
    return value


def change_request_form(target, *, cooperative, instance=None, data=None, files=None):
    """The form an officer fills for this part of the record (also used to re-check)."""
    form_class = CHANGE_REQUEST_FORMS[target]
    kwargs = {"data": data, "files": files, "instance": instance}
    if target == ChangeRequest.Target.FIGURES:
        kwargs["cooperative"] = cooperative
    if target == ChangeRequest.Target.PROFILE:
        kwargs["instance"] = cooperative
    return form_class(**kwargs)


def change_request_target_model(target):
    return {
        ChangeRequest.Target.PROFILE: Cooperative,
        ChangeRequest.Target.OFFICER: Officer,
        ChangeRequest.Target.FIGURES: YearlyFigures,
        ChangeRequest.Target.DOCUMENT: Document,
    }[target]


class DuplicateProposal(ValidationError):
    """The same proposal is already waiting for review: `waiting` is that one."""

    def __init__(self, waiting):
        super().__init__(
            _("Usulan yang sama sudah menunggu tinjauan Dinas."), code="duplicate"
        )
        self.waiting = waiting


@transaction.atomic
def change_request_submit(*, cooperative, submitted_by, target, form, target_obj=None):
    """Keep an officer's proposed change for staff review; nothing changes yet."""
    names = form.changed_data if target_obj is not None else list(form.fields)
    payload = {
        name: _primitive(form.cleaned_data[name])
        for name in names
        if name != "version" and not isinstance(form.cleaned_data.get(name), File)
    }
    upload = (
        form.cleaned_data.get("file")
        if target == ChangeRequest.Target.DOCUMENT
        else None
    )
    if not payload and upload is None:
        raise ValidationError(_("Tidak ada perubahan yang diusulkan."))
    # One submission at a time per cooperative, so two identical ones cannot both
    # find no twin and both be kept.
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).first()
    waiting = (
        ChangeRequest.objects.pending()
        .filter(
            cooperative=cooperative,
            target=target,
            target_id=target_obj.pk if target_obj is not None else None,
            payload=payload,
        )
        .first()
    )
    if waiting is not None:
        raise DuplicateProposal(waiting)
    request = ChangeRequest(
        cooperative=cooperative,
        target=target,
        target_id=target_obj.pk if target_obj is not None else None,
        payload=payload,
        submitted_by=submitted_by,
    )
    if upload is not None:
        request.file = upload
    request.save()
    return request


def change_request_diff(change_request):
    """Rows (label, current value, proposed value) for the reviewer."""
    model = change_request_target_model(change_request.target)
    current = change_request_current_object(change_request)
    rows = []
    for name, proposed in change_request.payload.items():
        field = model._meta.get_field(name)
        old = _display(field, getattr(current, field.attname, None)) if current else ""
        rows.append(
            {
                "label": field.verbose_name,
                "old": old,
                "new": _display(field, proposed),
                "changed": old != _display(field, proposed),
            }
        )
    return rows


SUMMARY_VALUE_LENGTH = 30


def _short(text):
    text = str(text)
    if len(text) <= SUMMARY_VALUE_LENGTH:
        return text
    return text[: SUMMARY_VALUE_LENGTH - 1] + "…"


def _new_record_summary(request):
    payload = request.payload
    if request.target == ChangeRequest.Target.FIGURES:
        return _("RAT %(year)s: baru") % {"year": payload.get("book_year", "?")}
    if request.target == ChangeRequest.Target.OFFICER:
        return _("Pengurus baru: %(name)s") % {"name": payload.get("name", "")}
    return _("Dokumen baru: %(title)s") % {"title": _short(payload.get("title", ""))}


def change_request_summaries(requests):
    """{pk: "Telepon: 0878… → 0812…"} saying what each request changes: one query
    per kind of record changed, however many requests."""
    requests = list(requests)
    current = {}
    for target in (ChangeRequest.Target.OFFICER, ChangeRequest.Target.FIGURES):
        ids = [r.target_id for r in requests if r.target == target and r.target_id]
        if ids:
            model = change_request_target_model(target)
            current[target] = model.objects.in_bulk(ids)
    summaries = {}
    for request in requests:
        if request.target_id is None and request.target != ChangeRequest.Target.PROFILE:
            summaries[request.pk] = _new_record_summary(request)
            continue
        if request.target == ChangeRequest.Target.PROFILE:
            obj = request.cooperative
        else:
            obj = current.get(request.target, {}).get(request.target_id)
        model = change_request_target_model(request.target)
        parts = []
        for name, proposed in request.payload.items():
            field = model._meta.get_field(name)
            label = str(field.verbose_name)
            label = label[:1].upper() + label[1:]
            if field.is_relation:
                parts.append(_("%(field)s diubah") % {"field": label})
                continue
            old = _display(field, getattr(obj, field.attname, None)) if obj else ""
            parts.append(
                f"{label}: {_short(old) or '—'} → {_short(_display(field, proposed))}"
            )
        prefix = ""
        if request.target == ChangeRequest.Target.FIGURES and obj is not None:
            prefix = _("RAT %(year)s: ") % {"year": obj.book_year}
        elif request.target == ChangeRequest.Target.OFFICER and obj is not None:
            prefix = f"{obj.name}: "
        summaries[request.pk] = prefix + "; ".join(parts)
    return summaries


def completeness_with_waiting(cooperative, pending):
    """(label, done, waiting) for each completeness item of the cooperative, waiting
    when one of its `pending` change requests would fill it."""
    year = str(last_book_year())
    profile = [r.payload for r in pending if r.target == ChangeRequest.Target.PROFILE]

    def proposes(*names):
        return any(name in payload for payload in profile for name in names)

    fills = {
        str(_("NIK Koperasi")): proposes("nik_koperasi"),
        str(_("NIB")): proposes("nib"),
        str(_("Alamat dan kecamatan")): proposes("address", "kecamatan"),
        str(_("Telepon")): proposes("phone"),
        str(_("Pengurus")): any(
            r.target == ChangeRequest.Target.OFFICER and r.target_id is None
            for r in pending
        ),
        str(_("RAT tahun buku %(year)s") % {"year": year}): any(
            r.target == ChangeRequest.Target.FIGURES
            and str(r.payload.get("book_year")) == year
            and r.payload.get("rat_date")
            for r in pending
        ),
        str(_("Dokumen akta / SK AHU")): any(
            r.target == ChangeRequest.Target.DOCUMENT
            and r.payload.get("kind") in (Document.Kind.AKTA, Document.Kind.SK_AHU)
            for r in pending
        ),
    }
    return [
        (label, done, not done and fills.get(str(label), False))
        for label, done in cooperative.completeness_items()
    ]


def change_request_current_object(change_request):
    if change_request.target == ChangeRequest.Target.PROFILE:
        return change_request.cooperative
    if change_request.target_id is None:
        return None
    model = change_request_target_model(change_request.target)
    return model.objects.filter(
        pk=change_request.target_id, cooperative=change_request.cooperative
    ).first()


def _display(field, value):
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    # Amounts with two decimals are Rupiah here (coordinates carry more places).
    if isinstance(field, models.DecimalField) and field.decimal_places == 2:
        return rupiah(value)
    if isinstance(field, models.DateField) and not isinstance(
        field, models.DateTimeField
    ):
        day = value if isinstance(value, datetime.date) else parse_date(str(value))
        return date_format(day, "j F Y") if day else str(value)
    return str(value)


@transaction.atomic
def change_request_approve(*, change_request, reviewer):
    """Apply the proposal atomically (re-validated now), record who approved it."""
    request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("Usulan ini sudah ditinjau."))
    cooperative = request.cooperative
    current = change_request_current_object(request)
    if request.target_id is not None and current is None:
        raise ValidationError(_("Data yang diusulkan untuk diubah sudah tidak ada."))
    reason = _("Usulan #%(pk)s dari %(user)s disetujui") % {
        "pk": request.pk,
        "user": request.submitted_by,
    }
    if request.target == ChangeRequest.Target.DOCUMENT:
        obj = Document(
            cooperative=cooperative,
            kind=request.payload.get("kind", Document.Kind.LAINNYA),
            title=request.payload.get("title", ""),
            file=request.file.name,
            issued_on=request.payload.get("issued_on"),
            valid_until=request.payload.get("valid_until"),
            uploaded_by=request.submitted_by,
        )
        obj.full_clean()
    else:
        data = _form_data(request, current)
        form = change_request_form(
            request.target, cooperative=cooperative, instance=current, data=data
        )
        if not form.is_valid():
            problems = "; ".join(
                f"{form.fields[name].label if name in form.fields else name}: "
                f"{' '.join(errors)}"
                for name, errors in form.errors.items()
            )
            raise ValidationError(
                _("Usulan tidak dapat diterapkan: %(problems)s")
                % {"problems": problems}
            )
        obj = form.save(commit=False)
        if request.target != ChangeRequest.Target.PROFILE:
            obj.cooperative = cooperative
    obj._change_reason = reason
    obj.save()
    request.status = ChangeRequest.Status.APPROVED
    request.reviewed_by = reviewer
    request.reviewed_at = timezone.now()
    request.save()
    # An approved change confirms the cooperative's data (freshness).
    Cooperative.objects.filter(pk=cooperative.pk).update(
        confirmed_at=request.reviewed_at, confirmed_by=reviewer
    )
    transaction.on_commit(lambda: _notify_submitter(request))
    return request


def _form_data(request, current):
    """The form's data: the current values, overlaid with the proposal."""
    data = {}
    if current is not None:
        form = change_request_form(
            request.target, cooperative=request.cooperative, instance=current
        )
        for name, bound in form.initial.items():
            if name in form.fields:
                data[name] = _primitive(bound)
    data.update(request.payload)
    return {key: ("" if value is None else value) for key, value in data.items()}


@transaction.atomic
def change_request_reject(*, change_request, reviewer, reason):
    """Refuse the proposal with a reason the officer will read."""
    request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("Usulan ini sudah ditinjau."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."))
    request.status = ChangeRequest.Status.REJECTED
    request.reason = reason.strip()
    request.reviewed_by = reviewer
    request.reviewed_at = timezone.now()
    request.save()
    transaction.on_commit(lambda: _notify_submitter(request))
    return request


def _notify_submitter(request):
    if not request.submitted_by.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        _send_review_mail(request)


def _send_review_mail(request):
    mail_queue(
        subject=_("[Portal Kopontren] Usulan perubahan %(status)s")
        % {"status": request.get_status_display().lower()},
        message=render_to_string(
            "kopontren/email/change_request_reviewed.txt",
            {"request": request, "site_url": settings.SITE_URL},
        ),
        recipients=[request.submitted_by.email],
    )


@transaction.atomic
def officer_account_invite(*, cooperative, invited_by, username, email, first_name):
    """Create an officer's account for this cooperative and e-mail the invitation."""
    user = user_invite(
        invited_by=invited_by,
        username=username,
        email=email,
        role=User.Role.PENGURUS,
        first_name=first_name,
    )
    cooperative.officer_accounts.add(user)
    return user


@transaction.atomic
def pesantren_save(*, form):
    """Create or update a pesantren from staff's form."""
    version_hold(instance=form.instance, opened=form.opened_version)
    return form.save()


@transaction.atomic
def officer_erase(*, officer, by, reason):
    """Erase an officer's name and phone everywhere: the live row, its history,
    the admin's log and the change requests that proposed them."""
    erasure.check_reason(reason)
    erasure.scrub(officer, name=erasure.anonymised_name(officer), phone="")
    proposals = ChangeRequest.objects.filter(
        target=ChangeRequest.Target.OFFICER, target_id=officer.pk
    )
    for proposal in proposals:
        payload = {
            key: value
            for key, value in proposal.payload.items()
            if key not in ("name", "phone")
        }
        ChangeRequest.objects.filter(pk=proposal.pk).update(payload=payload)
    audit.record_erasure(actor=by, obj=officer, reason=reason)
