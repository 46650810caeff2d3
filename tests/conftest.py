"""Fixtures for the three personas (anonymous patient, physiotherapist, clinic admin) and a
staff user without any role."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import ClinicAdminFactory, PhysiotherapistFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def physiotherapist(db):
    return PhysiotherapistFactory(username="physio", first_name="Priya", last_name="Shah")


@pytest.fixture
def clinic_admin(db):
    return ClinicAdminFactory(username="clinicadmin")


@pytest.fixture
def user_without_role(db):
    return UserFactory(username="norole")


@pytest.fixture
def physio_client(physiotherapist):
    client = Client()
    client.force_login(physiotherapist)
    return client


@pytest.fixture
def clinic_admin_client(clinic_admin):
    client = Client()
    client.force_login(clinic_admin)
    return client


@pytest.fixture
def no_role_client(user_without_role):
    client = Client()
    client.force_login(user_without_role)
    return client
