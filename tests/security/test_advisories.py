"""No installed package falls in an affected range of a known advisory.

The advisories are the PyPA advisory database (OSV format), an offline snapshot in
../shared/advisories/vulns/ (no online vulnerability service is reachable here, so pip-audit
cannot work). A missing snapshot fails the test: a check that quietly skips proves nothing.
"""

import os
import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    os.environ.get("ADVISORIES_DIR"),
    ROOT.parent / "shared" / "advisories" / "vulns",
    Path("/work/shared/advisories/vulns"),
]


# Reviewed advisories that do not apply, each with its reason (like pip-audit --ignore-vuln).
NOT_APPLICABLE = {
    "PYSEC-2023-73": "A crash in the Redis *server* 7.0.10 (CVE-2023-31655), filed against the "
    "redis-py client with no fixed version; the Python client we use for shared rate limits "
    "does not contain that code.",
}


def advisories_dir() -> Path:
    for candidate in CANDIDATES:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("The advisory snapshot is missing: set ADVISORIES_DIR to .../advisories/vulns")


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affected(version: Version, advisory: dict, package: str) -> bool:
    """OSV semantics: listed versions, or inside an ECOSYSTEM range of introduced/fixed events."""
    for entry in advisory.get("affected", []):
        if canonicalize_name(entry.get("package", {}).get("name", "")) != package:
            continue
        if str(version) in {str(v) for v in entry.get("versions", [])}:
            return True
        for span in entry.get("ranges", []):
            if span.get("type") == "ECOSYSTEM" and _in_range(version, span.get("events", [])):
                return True
    return False


def _in_range(version: Version, events: list[dict]) -> bool:
    inside = False
    for event in events:
        if "introduced" in event:
            start = Version("0") if event["introduced"] == "0" else _version(event["introduced"])
            if start is not None and version >= start:
                inside = True
        elif "fixed" in event:
            fixed = _version(event["fixed"])
            if fixed is not None and version >= fixed:
                inside = False
        elif "last_affected" in event:
            last = _version(event["last_affected"])
            if last is not None and version > last:
                inside = False
    return inside


def advisories_for(package: str) -> list[dict]:
    folder = advisories_dir() / package
    if not folder.is_dir():
        return []
    found = [yaml.safe_load(path.read_text()) for path in sorted(folder.glob("*.yaml"))]
    return [advisory for advisory in found if advisory["id"] not in NOT_APPLICABLE]


def installed() -> dict[str, Version]:
    found = {}
    for dist in distributions():
        name, version = dist.metadata["Name"], _version(dist.version)
        if name and version is not None:
            found[canonicalize_name(name)] = version
    return found


def test_no_installed_package_has_a_known_vulnerability():
    problems = [
        f"{package} {version}: {advisory['id']}"
        for package, version in sorted(installed().items())
        for advisory in advisories_for(package)
        if affected(version, advisory, package)
    ]
    assert problems == []


def test_version_floors_are_at_or_above_every_fixed_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    problems = []
    for line in requirements:
        requirement = Requirement(line)
        floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        package = canonicalize_name(requirement.name)
        for floor in floors:
            problems += [
                f"{package}>={floor}: {advisory['id']}"
                for advisory in advisories_for(package)
                if affected(floor, advisory, package)
            ]
    assert problems == []


def test_every_ignored_advisory_still_exists_and_says_why():
    for advisory_id, reason in NOT_APPLICABLE.items():
        assert list(advisories_dir().glob(f"*/{advisory_id}.yaml")), advisory_id
        assert len(reason) > 40


FLASK_2023 = {
    "id": "PYSEC-2023-62",
    "affected": [{"package": {"name": "flask"}, "ranges": [{"type": "ECOSYSTEM", "events": [
        {"introduced": "0"}, {"fixed": "2.2.5"}, {"introduced": "2.3.0"}, {"fixed": "2.3.2"},
    ]}]}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("version", "expected"),
    [("2.2.4", True), ("2.2.5", False), ("2.3.1", True), ("2.3.2", False), ("3.1.0", False)],
)
def test_the_check_would_catch_a_vulnerable_version(version, expected):
    assert affected(Version(version), FLASK_2023, "flask") is expected


def test_the_real_snapshot_knows_old_flask_is_vulnerable():
    assert any(affected(Version("0.12"), a, "flask") for a in advisories_for("flask"))
    assert re.match(r"PYSEC-", advisories_for("flask")[0]["id"])
