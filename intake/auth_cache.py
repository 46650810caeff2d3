"""The signed-in user and their permissions from the shared cache: one cache read per request instead of
three queries (the user, their own permissions, their groups' permissions).

Every change to a user, a group, a permission or who holds which (post_save, post_delete, m2m_changed)
replaces one generation token in the cache, and a cached user is only served under the token it was
stored with: revoking a right, deactivating an account or changing a password takes effect on the next
request, in every worker and on every app server. The token is replaced when the change is made and
again when its transaction commits, so a request that read the rows in between (before the commit)
cannot keep the old rights under the new token.

Only a cache every process shares (the database cache or Redis) is used. With a per-process cache
(local memory) or none (dummy), nothing is cached: one worker cannot see another's change, and revoked
rights must never be served. A cache that fails falls back to the database.
"""

from __future__ import annotations

import logging
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION_KEY = "auth:generation"
USER_KEY = "auth:user:{pk}"
# A cached user lives at most this long even if nothing changes (an idle account's entry expires).
USER_TIMEOUT_SECONDS = 15 * 60


def shared_cache() -> bool:
    """True when every worker reads and writes the same cache (not per-process memory, not none)."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, whose ``get_user`` serves the user with their permissions already loaded
    from the shared cache when nothing about users, groups or permissions changed since."""

    def get_user(self, user_id):
        if not shared_cache():
            return super().get_user(user_id)
        key = USER_KEY.format(pk=user_id)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # a cache outage costs the queries, never the page
            logger.warning("auth cache unavailable; reading the user from the database", exc_info=True)
            return super().get_user(user_id)
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            return entry[1]
        user = super().get_user(user_id)
        if user is None:
            return None
        # Loads the user's own and their groups' permissions onto the object (ModelBackend's caches),
        # so has_perm asks nothing more of the database, now or when served from the cache.
        self.get_all_permissions(user)
        try:
            if generation is None:
                cache.add(GENERATION_KEY, secrets.token_hex(8), None)
                generation = cache.get(GENERATION_KEY)
            if generation is not None:
                cache.set(key, (generation, user), USER_TIMEOUT_SECONDS)
        except Exception:
            logger.warning("auth cache unavailable; the user is not cached", exc_info=True)
        return user


def new_generation() -> None:
    """Every cached user is stale from now on."""
    if not shared_cache():
        return
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except Exception:
        # The entries expire by themselves; until then a failed cache also fails the reads (database).
        logger.warning("auth cache unavailable; could not invalidate cached users", exc_info=True)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # signing in changes no right
    new_generation()
    transaction.on_commit(new_generation, robust=True)


def connect_signals() -> None:
    user_model = get_user_model()
    for model in (user_model, Group, Permission):
        post_save.connect(_changed, sender=model, dispatch_uid=f"auth_cache_save_{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"auth_cache_delete_{model._meta.label}")
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"auth_cache_m2m_{through._meta.label}")
