"""Expiry reminders: 90, 30 and 7 days before a document or permit runs out, one
e-mail per cooperative and day to its officers, through the task queue."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.tasks import mail_queue

DAYS_BEFORE = (90, 30, 7)


def expiry_days(day):
    return {day + datetime.timedelta(days=n): n for n in DAYS_BEFORE}


def reminders_send(*, day, items):
    """`items`: (cooperative, label, valid_until) whose valid_until is one of
    `expiry_days(day)`. Returns the number of e-mails queued."""
    days_for = expiry_days(day)
    grouped = defaultdict(list)
    for cooperative, label, valid_until in items:
        grouped[(cooperative, days_for[valid_until])].append(
            {"label": label, "valid_until": valid_until}
        )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for (cooperative, days), entries in grouped.items():
            recipients = list(
                cooperative.officer_accounts.filter(is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if not recipients:
                continue
            mail_queue(
                subject=_("[Portal Kopontren] Berkas habis berlaku dalam %(days)d hari")
                % {"days": days},
                message=render_to_string(
                    "portal/email/expiry_reminder.txt",
                    {
                        "cooperative": cooperative,
                        "days": days,
                        "items": entries,
                        "url": settings.SITE_URL + cooperative.get_absolute_url(),
                    },
                ),
                recipients=recipients,
            )
            sent += 1
    return sent
