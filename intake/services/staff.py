"""Staff accounts: who may manage whom, and resetting a colleague's two-factor sign-in.

A clinic admin manages staff accounts in Django admin, but must never be able to take over an
account that can do more than they can: a superuser, or anyone holding a permission the admin does
not hold. ``may_manage`` is that rule; the user admin and the device admins ask it before every
change, password reset or device removal, and ``staff_two_factor_reset`` refuses without it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django_otp import devices_for_user

from intake import audit

# The permission that lets a clinic admin remove a colleague's lost authenticator.
RESET_TWO_FACTOR_PERMISSION = "otp_totp.delete_totpdevice"


def held_permissions(user: User) -> set[str]:
    """Every permission the user holds directly or through a group, as "app_label.codename".

    Read from the tables, not from ``get_all_permissions()``, which answers an empty set for an
    inactive user: a deactivated account holding more than the admin must stay out of their reach
    too (they could otherwise reactivate it).
    """
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def may_manage(*, actor: User, target: User) -> bool:
    """Whether ``actor`` may change, deactivate, reset the password of or remove the devices of ``target``.

    A superuser may manage anyone. Anyone else may manage an account that is not a superuser and
    holds no permission they do not hold themselves (themselves included).
    """
    if getattr(actor, "is_superuser", False):
        return True
    if not actor.is_active or getattr(target, "is_superuser", False):
        return False
    if target.pk == actor.pk:
        return True
    return held_permissions(target) <= held_permissions(actor)


def groups_grantable_by(actor: User) -> QuerySet[Group]:
    """The groups ``actor`` may give to someone: those granting nothing the actor does not hold."""
    if getattr(actor, "is_superuser", False):
        return Group.objects.all()
    held = held_permissions(actor)
    beyond = [
        permission.pk
        for permission in Permission.objects.select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" not in held
    ]
    return Group.objects.exclude(permissions__in=beyond)


@transaction.atomic
def staff_two_factor_reset(*, user: User, actor: User) -> int:
    """Remove every authenticator and recovery code of ``user`` (a lost phone); returns how many.

    At their next sign-in they set up a new authenticator (when the clinic requires one). Refused
    with PermissionDenied unless the actor may remove devices and may manage this account.
    """
    if not actor.has_perm(RESET_TWO_FACTOR_PERMISSION) or not may_manage(actor=actor, target=user):
        raise PermissionDenied("You may not reset the two-factor sign-in of this account.")
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    audit.staff_two_factor_reset(user=user, actor=actor, devices=len(devices))
    return len(devices)
