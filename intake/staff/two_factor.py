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
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
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


def _finish(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    otp_login(request, device)
    request.session.pop(PENDING, None)
    next_url = request.session.pop("two_factor_next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(settings.LOGIN_REDIRECT_URL)
    return redirect(next_url)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_set_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _finish(request, device)
        form.add_error("code", "That code did not match. Check the time on your phone and try the newest code.")
    return render(request, "staff/two_factor/verify.html", {"form": form})


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
            return _finish(request, device)
        form.add_error("code", "That code did not match. Scan the code again, then type the newest code.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="Authenticator set-up code")
    secret = b32encode(device.bin_key).decode()
    grouped_secret = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request, "staff/two_factor/set_up.html", {"form": form, "qr_svg": mark_safe(qr_svg), "secret": grouped_secret}
    )
