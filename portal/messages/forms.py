from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm
from portal.messages.models import BODY_MAX_LENGTH


def _trimmed(value):
    return value.strip() if isinstance(value, str) else value


class MessageForm(PortalForm):
    body = TextAreaField(
        "Your message",
        filters=[_trimmed],
        validators=[
            DataRequired("Write your message first."),
            Length(
                max=BODY_MAX_LENGTH,
                message=f"Keep it under {BODY_MAX_LENGTH:,} characters (about a page), "
                "or send it in two parts.",
            ),
        ],
        description=f"Plain text, up to {BODY_MAX_LENGTH:,} characters.",
        render_kw={"rows": 4, "maxlength": BODY_MAX_LENGTH},
    )
