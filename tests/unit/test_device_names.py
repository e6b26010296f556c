import pytest

from portal.accounts.sessions import describe_device

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


@pytest.mark.parametrize(
    ("user_agent", "shown"),
    [(ANDROID_CHROME, "Chrome on Android"), (IPHONE_SAFARI, "Safari on iPhone"),
     (WINDOWS_EDGE, "Edge on Windows"), ("Werkzeug/3.1", "Unknown browser"),
     ("", "Unknown browser")],
)  # fmt: skip
def test_a_device_is_named_by_browser_and_system(user_agent, shown):
    assert describe_device(user_agent) == shown
