"""The portal's own background tasks (Django's Tasks API: `django_tasks` now,
`django.tasks` from Django 6 on, the same decorator and `.enqueue()`)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def mail_queue(*, subject, message, recipients):
    """Send an e-mail through the task queue: the request does not wait for the
    mail server, and a server that is down is tried again later. Called inside a
    transaction, the mail is queued only if the transaction commits."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    return mail_deliver.enqueue(
        subject=str(subject), message=message, recipients=recipients, attempt=1
    )


def retry_wait(attempt):
    """1, 4, 16, 64 … minutes between tries."""
    return datetime.timedelta(minutes=4 ** (attempt - 1))


@task()
def mail_deliver(*, subject, message, recipients, attempt):
    try:
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=recipients,
        )
    except (smtplib.SMTPException, OSError) as error:
        last = attempt >= settings.PORTAL_MAIL_ATTEMPTS
        if last or not mail_deliver.get_backend().supports_defer:
            logger.error("E-mail to %s given up: %s", recipients, error)
            raise
        logger.warning("E-mail to %s failed (%s): tried again later", recipients, error)
        mail_deliver.using(run_after=timezone.now() + retry_wait(attempt)).enqueue(
            subject=subject, message=message, recipients=recipients, attempt=attempt + 1
        )
        return "retry"
    return "sent"
