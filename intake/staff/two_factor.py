"""Optional TOTP two-factor sign-in for staff, mandatory when the clinic policy says so.

After the password step, the login view decides once whether this sign-in needs a code (the
user has an authenticator set up) or a set-up (the clinic requires two-factor and the user has
none yet), and records that in the session. TwoFactorRequiredMiddleware (intake/middleware.py)
then keeps every other staff and admin page closed until it is done. Deciding at login keeps staff
pages free of extra queries.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import ClinicPolicy

PENDING = "two_factor_pending"
VERIFY, SET_UP = "verify", "set_up"
# Pages a signed-in user may open while the second step is pending.
OPEN_WHILE_PENDING = ("two_factor_verify", "two_factor_set_up", "logout")


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class StaffAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing an over-long username before it reaches authenticate().

    AuthenticationForm sets the field's max_length without a validator, so any length reached the
    backends, and django-axes then failed to record the attempt (its column holds 255 characters).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))

    def clean(self):
        if self.errors:
            raise self.get_invalid_login_error()
        return super().clean()


class StaffLoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = StaffAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if confirmed_device(user) is not None:
            self.request.session[PENDING] = VERIFY
        elif ClinicPolicy.current().require_two_factor:
            self.request.session[PENDING] = SET_UP
        else:
            return response
        self.request.session["two_factor_next"] = self.get_success_url()
        return redirect("two_factor_verify" if self.request.session[PENDING] == VERIFY else "two_factor_set_up")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("Enter the digits shown in your authenticator app.")
        return code


class VerifyForm(forms.Form):
    """The second step: the authenticator's code, or one of the recovery codes (a lost phone)."""

    code = forms.CharField(
        label="6-digit code from your authenticator app, or a recovery code",
        min_length=6,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if not code.isalnum():
            raise forms.ValidationError("Enter the digits shown in your authenticator app, or a recovery code.")
        return code


# How many recovery codes a staff member gets; each works once.
RECOVERY_CODE_COUNT = 10


def recovery_codes_renew(user) -> list[str]:
    """Replace the user's recovery codes with new ones (django-otp's static device); the codes, to show once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes", "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def _signed_in(request: HttpRequest, device) -> str:
    """The second step is done: mark the session verified; the page to go on to."""
    otp_login(request, device)
    request.session.pop(PENDING, None)
    next_url = request.session.pop("two_factor_next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(settings.LOGIN_REDIRECT_URL)
    return next_url


def _finish(request: HttpRequest, device) -> HttpResponse:
    return redirect(_signed_in(request, device))


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_set_up")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if code.isdigit() and device.verify_token(code):
            return _finish(request, device)
        recovery = recovery_device(request.user)
        if not code.isdigit() and recovery is not None and recovery.verify_token(code):
            # verify_token used the code up: each recovery code works once.
            messages.warning(
                request,
                f"You signed in with a recovery code; {recovery.token_set.count()} remain. "
                "Make new ones under Recovery codes if you are running out.",
            )
            return _finish(request, recovery)
        form.add_error("code", "That code did not match. Check the time on your phone and try the newest code.")
    return render(request, "staff/two_factor/verify.html", {"form": form})


@never_cache
@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator secret as a QR code and text; confirm it with one code.

    Someone who already has an authenticator never gets here to enrol another: with only the
    password they would otherwise replace the second step with a device of their own.
    """
    if request.session.get(PENDING) == VERIFY:
        return redirect("two_factor_verify")
    if confirmed_device(request.user) is not None:
        return render(request, "staff/two_factor/already_set_up.html")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = recovery_codes_renew(request.user)
            next_url = _signed_in(request, device)
            return render(request, "staff/two_factor/recovery_codes.html", {"codes": codes, "next_url": next_url})
        form.add_error("code", "That code did not match. Scan the code again, then type the newest code.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="Authenticator set-up code")
    secret = b32encode(device.bin_key).decode()
    grouped_secret = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request, "staff/two_factor/set_up.html", {"form": form, "qr_svg": mark_safe(qr_svg), "secret": grouped_secret}
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left, and a button to make a new set (shown once, the old set void).

    Only after the second step of this sign-in: with the password alone nobody may mint codes.
    """
    if confirmed_device(request.user) is None:
        return redirect("two_factor_set_up")
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    if request.method == "POST":
        codes = recovery_codes_renew(request.user)
        return render(
            request, "staff/two_factor/recovery_codes.html", {"codes": codes, "next_url": reverse("staff:queue")}
        )
    device = recovery_device(request.user)
    remaining = device.token_set.count() if device else 0
    return render(request, "staff/two_factor/recovery_codes_left.html", {"remaining": remaining})
