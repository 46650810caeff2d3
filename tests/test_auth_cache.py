"""The signed-in user and their permissions come from the shared cache (intake/auth_cache.py): fewer
queries per staff request, and a revoked right, a deactivated account or a new password still takes
effect on the very next request. With a per-process cache nothing is cached at all."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from intake.roles import PHYSIOTHERAPIST
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

QUEUE = reverse("staff:queue")
DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clinic_cache"}}


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield
    cache.clear()


def queries_of(client, django_assert_max_num_queries, path=QUEUE) -> int:
    with django_assert_max_num_queries(100) as captured:
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return len(captured.captured_queries)


def test_a_shared_cache_saves_the_user_and_permission_queries(
    shared_cache, physiotherapist, django_assert_max_num_queries
):
    client = signed_in(physiotherapist)
    client.get(QUEUE)  # the first request reads the user and caches them with their permissions
    cached = queries_of(client, django_assert_max_num_queries)
    cache.clear()
    client.get(QUEUE)  # cache emptied: read again (and cached again on this request)
    cache.clear()
    # The same request without the cached user: user, own permissions, group permissions and the cache
    # writes; with it, one cache read replaces the three reads.
    uncached = queries_of(client, django_assert_max_num_queries)
    assert cached <= uncached - 2


def test_removing_a_role_takes_effect_on_the_next_request(shared_cache, physiotherapist):
    client = signed_in(physiotherapist)
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    assert client.get(QUEUE).status_code == HTTPStatus.OK  # now served from the cache
    physiotherapist.groups.remove(Group.objects.get(name=PHYSIOTHERAPIST))
    assert client.get(QUEUE).status_code == HTTPStatus.FORBIDDEN


def test_revoking_a_permission_from_the_role_takes_effect_on_the_next_request(shared_cache, physiotherapist):
    client = signed_in(physiotherapist)
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    Group.objects.get(name=PHYSIOTHERAPIST).permissions.remove(Permission.objects.get(codename="review_case"))
    assert client.get(QUEUE).status_code == HTTPStatus.FORBIDDEN


def test_a_deactivated_account_is_signed_out_on_the_next_request(shared_cache, physiotherapist):
    client = signed_in(physiotherapist)
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    physiotherapist.is_active = False
    physiotherapist.save()
    response = client.get(QUEUE)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("login"))


def test_a_new_password_signs_out_other_sessions_on_the_next_request(shared_cache, physiotherapist):
    client = signed_in(physiotherapist)
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    physiotherapist.set_password("a new long passphrase 2026")
    physiotherapist.save()
    response = client.get(QUEUE)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("login"))


def test_a_per_process_cache_never_holds_a_user(physiotherapist):
    client = signed_in(physiotherapist)
    assert client.get(QUEUE).status_code == HTTPStatus.OK
    assert cache.get(f"auth:user:{physiotherapist.pk}") is None
    physiotherapist.groups.clear()
    assert client.get(QUEUE).status_code == HTTPStatus.FORBIDDEN
