"""Optional email, through any SMTP server (stdlib ``smtplib``). Off unless
LANTERN_SMTP_HOST is set, and then only for members who opted in (THREATS #10).

Emails are neutral by design: the subject and body are fixed catalog texts that
never name a person, a place, or what Lantern is for. Errors carry a category only,
never an address, so they are safe to log.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from portal.settings import Settings, get_settings

SMTP_TIMEOUT_SECONDS = 15
IMPLICIT_TLS_PORT = 465


class EmailNotSent(Exception):
    """The mail server could not be reached or refused the message."""


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str


def email_enabled(settings: Settings | None = None) -> bool:
    return (settings or get_settings()).smtp_enabled


def _build(message: OutgoingEmail, settings: Settings) -> EmailMessage:
    if any(ch in value for value in (message.to, message.subject) for ch in "\r\n"):
        raise EmailNotSent("malformed header")
    sender_domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "localhost"
    built = EmailMessage()
    built["From"] = settings.smtp_from
    built["To"] = message.to
    built["Subject"] = message.subject
    built["Date"] = formatdate(usegmt=True)
    # The sender's domain, not this machine's host name, names the message.
    built["Message-ID"] = make_msgid(domain=sender_domain)
    built.set_content(message.body)
    return built


def send_email(message: OutgoingEmail, *, settings: Settings | None = None) -> None:
    """Hand one message to the configured SMTP server, or raise ``EmailNotSent``."""
    settings = settings or get_settings()
    if not settings.smtp_enabled:
        raise EmailNotSent("email is not configured")
    built = _build(message, settings)
    context = ssl.create_default_context()
    try:
        if settings.smtp_port == IMPLICIT_TLS_PORT:
            client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                      timeout=SMTP_TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                                  timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            if settings.smtp_starttls and settings.smtp_port != IMPLICIT_TLS_PORT:
                client.starttls(context=context)
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password or "")
            client.send_message(built)
    except smtplib.SMTPException as error:
        raise EmailNotSent(type(error).__name__) from None
    except OSError as error:
        raise EmailNotSent(type(error).__name__) from None
