"""Packaging: pyproject.toml declares the same pins as requirements*.txt with a build backend, the
hashed lock files cover every pin, and the project carries its licence, security policy and Python
version. (Installing from the lock in a fresh environment is what `make install` and CI do.)"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(path: str) -> set[str]:
    lines = (ROOT / path).read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith(("#", "-r"))}


def normalised(requirement: str) -> tuple[str, str]:
    name, version = re.sub(r"\[.*\]", "", requirement).split("==")
    return re.sub(r"[-_.]+", "-", name).lower(), version


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_pyproject_has_a_build_backend_and_the_runtime_pins():
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"
    assert set(PYPROJECT["project"]["dependencies"]) == pins("requirements.txt")


def test_the_dev_extra_matches_requirements_dev():
    assert set(PYPROJECT["project"]["optional-dependencies"]["dev"]) == pins("requirements-dev.txt")
    assert any(pin.startswith("pip-tools==") for pin in pins("requirements-dev.txt"))


def locked(path: str) -> dict[str, str]:
    text = (ROOT / path).read_text()
    entries = re.findall(
        r"^([A-Za-z0-9_.\-]+)==([^\s\\]+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M
    )
    return {normalised(f"{name}=={version}")[0]: version for name, version, _hashes in entries}


def test_every_package_in_the_lock_has_hashes():
    for path in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / path).read_text()
        packages = re.findall(r"^[A-Za-z0-9_.\-]+==", text, re.M)
        assert packages and len(packages) == len(locked(path)), path
        assert "file://" not in text and "--find-links" not in text, "no machine-specific index in a lock"


def test_the_lock_files_hold_every_pin_at_its_version():
    for requirements, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        versions = locked(lock)
        for pin in pins(requirements) | (pins("requirements.txt") if lock.startswith("requirements-dev") else set()):
            name, version = normalised(pin)
            assert versions.get(name) == version, f"{pin} is not in {lock}: run make lock"


def test_the_project_says_its_python_licence_and_how_to_report_a_vulnerability():
    assert (ROOT / ".python-version").read_text().strip() == "3.11"
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    licence = (ROOT / "LICENSE").read_text()
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    security = (ROOT / "SECURITY.md").read_text()
    assert "Report a vulnerability" in security and "privately" in security


def test_the_readme_names_the_apps_own_rate_limiter_as_the_fallback_for_axes():
    readme = (ROOT / "README.md").read_text()
    assert "the fallback is the app's\nown rate limiter" in readme
    assert "replace it with\ndjango-defender" not in readme
