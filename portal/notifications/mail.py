"""Delivering an email: to .eml files in instance/outbox/ in development, by SMTP otherwise."""

import smtplib
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from flask import current_app

from portal.notifications.models import OutgoingEmail

# Header lines up to SMTP's limit: a long unsubscribe address folded at 78 characters would
# be written as RFC 2047 encoded words, which mail apps do not read as a URL.
_LONG_HEADERS = default.clone(max_line_length=998)


def build_message(email: OutgoingEmail, sender: str) -> EmailMessage:
    message = EmailMessage(policy=_LONG_HEADERS if email.unsubscribe_url else default)
    message["From"] = sender
    message["To"] = email.to_email
    message["Subject"] = email.subject
    if email.unsubscribe_url:
        # RFC 8058: mail apps offer "Unsubscribe" and POST "List-Unsubscribe=One-Click" to it.
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.body)
    if email.ics:
        method = "CANCEL" if b"METHOD:CANCEL" in email.ics else "REQUEST"
        message.add_attachment(
            email.ics,
            maintype="text",
            subtype="calendar",
            filename="appointment.ics",
            params={"method": method},
        )
    return message


def deliver(email: OutgoingEmail) -> None:
    config = current_app.config
    message = build_message(email, config["MAIL_DEFAULT_SENDER"])
    if config["MAIL_BACKEND"] == "smtp":
        _send_smtp(message, config)
    else:
        folder = config.get("MAIL_OUTBOX_DIR") or Path(current_app.instance_path) / "outbox"
        _write_to_outbox(message, email.id, Path(folder))


def _write_to_outbox(message: EmailMessage, email_id: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{email_id:06d}.eml").write_bytes(bytes(message))


def _send_smtp(message: EmailMessage, config) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
