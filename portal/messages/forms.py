from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l
from portal.messages.models import BODY_MAX_LENGTH


def _trimmed(value):
    return value.strip() if isinstance(value, str) else value


class MessageForm(PortalForm):
    body = TextAreaField(
        _l("Your message"),
        filters=[_trimmed],
        validators=[
            DataRequired(_l("Write your message first.")),
            Length(
                max=BODY_MAX_LENGTH,
                message=_l(
                    "Keep it under %(count)s characters (about a page), or send it in two parts.",
                    count=f"{BODY_MAX_LENGTH:,}",
                ),
            ),
        ],
        description=_l("Plain text, up to %(count)s characters.", count=f"{BODY_MAX_LENGTH:,}"),
        render_kw={"rows": 4, "maxlength": BODY_MAX_LENGTH},
    )
