from urllib.parse import quote

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal import audit
from portal.access import Scope
from portal.models import NumberCounter, Office, User
from portal.tasks import mail_queue


def invitation_url(user):
    """The link where an invited user sets their first password."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
    ).replace("UID-KEY", quote(key))
    return settings.SITE_URL + path


@transaction.atomic
def user_invite(
    *, invited_by, username, email, role, region=None, first_name="", last_name=""
):
    """Create an account with no password and e-mail its owner a link to set one."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Alamat e-mail ini sudah terdaftar.")})
    user = User(
        username=username,
        email=email,
        role=role,
        region=region,
        first_name=first_name,
        last_name=last_name,
        invited_by=invited_by,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit.record_user_access(
        actor=invited_by, user=user, before=None, after=audit.access_of(user)
    )
    transaction.on_commit(lambda: send_invitation(user))
    return user


def send_invitation(user):
    """Send (or send again) the e-mail with the link to set a password, in Indonesian
    whatever language the staff member who sends it is using."""
    with translation.override(settings.LANGUAGE_CODE):
        _send_invitation(user)


def _send_invitation(user):
    context = {
        "user": user,
        "url": invitation_url(user),
        "office": Office.for_user(user).name,
        "login_url": settings.SITE_URL + reverse("account_login"),
    }
    mail_queue(
        subject=_("[Portal Kopontren] Undangan membuat kata sandi"),
        message=render_to_string("portal/email/invitation.txt", context),
        recipients=[user.email],
    )


@transaction.atomic
def numbers_allocate(*, office, series, year, count=1):
    """`count` consecutive numbers in the office's series for the year. The counter row
    stays locked until the caller's transaction ends, so concurrent callers queue and
    a rolled-back caller leaves no gap."""
    NumberCounter.objects.bulk_create(
        [NumberCounter(office=office, series=series, year=year)],
        ignore_conflicts=True,
    )
    counter = NumberCounter.objects.select_for_update().get(
        office=office, series=series, year=year
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return range(first, first + count)


@transaction.atomic
def office_save(*, form):
    """Create or change an office from the admin's form."""
    office = form.save(commit=False)
    office.full_clean()
    office.save()
    return office


@transaction.atomic
def office_unit_save(*, form):
    """Create or change a unit (bidang) of an office and its head."""
    unit = form.save(commit=False)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def user_mfa_reset(*, actor, user):
    """Remove every authenticator of `user` (TOTP, recovery codes, keys) and end
    their sessions, so whoever holds the lost phone or a live session is out and
    the owner enrols again at the next log-in; admin only, recorded in the audit
    log. The number of authenticators removed."""
    if not Scope.of(actor).is_admin:
        raise PermissionDenied
    authenticators = Authenticator.objects.filter(user=user)
    removed = sorted(authenticators.values_list("type", flat=True))
    authenticators.delete()
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    audit.record_mfa_reset(
        actor=actor, user=user, removed=removed, sessions_ended=len(sessions)
    )
    return len(removed)
