"""`make test-fast` (`-m "not browser"`) leaves out every browser test and nothing else."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def collected(*options: str) -> set[str]:
    """The ids pytest would run with these options (collection only, in a fresh process)."""
    result = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-p", "no:xdist", *options, "tests"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 5), result.stdout[-2000:] + result.stderr[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_not_browser_deselects_every_browser_test_and_only_those():
    everything = collected()
    fast = collected("-m", "not browser")
    in_browser_folder = {test for test in everything if test.startswith("tests/browser/")}
    assert in_browser_folder, "no browser tests collected: the comparison would prove nothing"
    assert everything - fast == in_browser_folder
    assert fast == everything - in_browser_folder
