"""Role x URL matrix generated from the URL configuration: no page is public by accident.

Every URL pattern is classified once, here. A new URL that is in none of the lists fails the
test until someone decides who may see it.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Pages a patient (anonymous) may open: the questionnaire, the handout link, static health check.
PUBLIC_NAMESPACES = {"intake"}
PUBLIC_NAMES = {"healthz", "login", "patient_plan", "admin_sign_in"}
# Signed-in pages every authenticated user needs (second sign-in step, sign out), role or not.
SIGNED_IN_NAMES = {"two_factor_verify", "two_factor_set_up", "logout"}
STAFF_NAMESPACES = {"staff"}
# Django admin guards itself (is_staff + model permissions); tested in test_foundation.
ADMIN_NAMESPACES = {"admin"}


def sample_value(converter) -> str:
    name = type(converter).__name__
    if name == "IntConverter":
        return "1"
    if name == "UUIDConverter":
        return str(uuid.uuid4())
    return "ABCD-EFGH"


def all_patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def concrete_url(namespace, name, pattern: URLPattern) -> str:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: sample_value(converter) for key, converter in converters.items()}
    return reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)


def classify(namespace, name):
    if namespace in ADMIN_NAMESPACES:
        return "admin"
    if namespace in PUBLIC_NAMESPACES or (namespace is None and name in PUBLIC_NAMES):
        return "public"
    if namespace is None and name in SIGNED_IN_NAMES:
        return "signed_in"
    if namespace in STAFF_NAMESPACES:
        return "staff"
    return "unclassified"


PATTERNS = [p for p in all_patterns() if classify(p[0], p[1]) != "admin"]
STAFF_PATTERNS = [p for p in PATTERNS if classify(p[0], p[1]) == "staff"]


def test_every_url_is_classified():
    unclassified = [f"{ns}:{name} {route}" for ns, name, route, _ in PATTERNS if classify(ns, name) == "unclassified"]
    assert not unclassified, f"decide who may open these URLs: {unclassified}"


def test_there_are_staff_urls_to_check():
    assert len(STAFF_PATTERNS) >= 1


@pytest.mark.parametrize("namespace,name,route,pattern", STAFF_PATTERNS, ids=[p[1] or p[2] for p in STAFF_PATTERNS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_urls_send_anonymous_visitors_to_sign_in(client, namespace, name, route, pattern, method):
    response = getattr(client, method)(concrete_url(namespace, name, pattern))
    assert response.status_code == 302, f"{method.upper()} {route} answered {response.status_code}"
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.parametrize("namespace,name,route,pattern", STAFF_PATTERNS, ids=[p[1] or p[2] for p in STAFF_PATTERNS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_urls_refuse_users_without_a_staff_role(no_role_client, namespace, name, route, pattern, method):
    response = getattr(no_role_client, method)(concrete_url(namespace, name, pattern))
    assert response.status_code == 403, f"{method.upper()} {route} answered {response.status_code}"


SIGNED_IN_PATTERNS = [p for p in PATTERNS if classify(p[0], p[1]) == "signed_in" and p[1] != "logout"]


@pytest.mark.parametrize("namespace,name,route,pattern", SIGNED_IN_PATTERNS, ids=[p[1] for p in SIGNED_IN_PATTERNS])
def test_second_sign_in_step_pages_need_a_signed_in_user(client, namespace, name, route, pattern):
    response = client.get(concrete_url(namespace, name, pattern))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
