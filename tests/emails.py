"""Reading what the portal queued for someone, as a test would open their mailbox."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail


def emails_to(address: str, kind: str | None = None) -> list[OutgoingEmail]:
    query = select(OutgoingEmail).where(OutgoingEmail.to_email == address)
    if kind is not None:
        query = query.where(OutgoingEmail.kind == kind)
    return list(db.session.scalars(query.order_by(OutgoingEmail.id)))


def link_in_last_email(address: str, kind: str) -> str:
    """The path of the first link to this site in the newest email of `kind` to `address`."""
    db.session.expire_all()  # another thread (the browser tests' server) may have written it
    body = emails_to(address, kind)[-1].body
    return re.search(r"http://[^/\s]+(/\S+)", body).group(1)
