"""The personas every test signs in as, defined once here from tests/factories.py: the anonymous
patient (pytest-django's ``client``), a physiotherapist (and a second one for two people editing at
once), a clinic admin, a user who can review cases but neither approve plans nor export, a
signed-in user without any role, and a staff user (Django admin flag) without any role.

The staff groups themselves come from intake/roles.py through its post_migrate handler."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django_tasks import task_backends

from tests.factories import ClinicAdminFactory, PhysiotherapistFactory, UserFactory


def pytest_sessionstart(session):
    """The compiled translations (.mo, not in git) as fresh as their .po: `make install` builds them, but
    a test run straight after editing a .po, or in a checkout that skipped make, must not read stale ones."""
    if shutil.which("msgfmt") is None:
        return  # tests/test_languages.py says what is missing
    for po in Path(__file__).resolve().parents[1].glob("locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


@pytest.fixture(autouse=True)
def no_queued_tasks():
    """Tasks queued by one test (kept in memory by the test settings) never run in the next."""
    backend = task_backends["default"]
    if hasattr(backend, "clear"):
        backend.clear()
    yield
    if hasattr(backend, "clear"):
        backend.clear()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def physiotherapist(db):
    return PhysiotherapistFactory(username="physio", first_name="Priya", last_name="Shah")


@pytest.fixture
def second_physiotherapist(db):
    return PhysiotherapistFactory(username="tom", first_name="Tom", last_name="Reed")


@pytest.fixture
def clinic_admin(db):
    return ClinicAdminFactory(username="clinicadmin")


@pytest.fixture
def reviewer(db):
    """May review cases (the review_case permission alone) but not approve plans or export."""
    user = UserFactory(username="reviewer")
    user.user_permissions.add(Permission.objects.get(codename="review_case"))
    return user


@pytest.fixture
def user_without_role(db):
    return UserFactory(username="norole")


@pytest.fixture
def staff_user_without_role(db):
    """Has Django admin's is_staff flag but no role, so no model permissions."""
    return UserFactory(username="staffnorole", is_staff=True)


@pytest.fixture
def physio_client(physiotherapist):
    return signed_in(physiotherapist)


@pytest.fixture
def second_physio_client(second_physiotherapist):
    return signed_in(second_physiotherapist)


@pytest.fixture
def clinic_admin_client(clinic_admin):
    return signed_in(clinic_admin)


@pytest.fixture
def no_role_client(user_without_role):
    return signed_in(user_without_role)
