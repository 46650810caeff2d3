from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.views.decorators.cache import never_cache

from clinic import errors
from intake import health
from intake.fhir import api as fhir_api
from intake.patient import urls as patient_urls
from intake.staff import two_factor

urlpatterns = [
    path("", include("intake.patient.urls")),
    path("", include(patient_urls.plan_urlpatterns)),
    path("staff/", include("intake.staff.urls")),
    path("staff/login/", two_factor.StaffLoginView.as_view(), name="login"),
    path("staff/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("staff/two-factor/set-up/", two_factor.set_up, name="two_factor_set_up"),
    path("staff/two-factor/recovery-codes/", two_factor.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "staff/password/",
        never_cache(
            auth_views.PasswordChangeView.as_view(
                template_name="staff/account/password_change.html", success_url=reverse_lazy("password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "staff/password/changed/",
        never_cache(auth_views.PasswordChangeDoneView.as_view(template_name="staff/account/password_change_done.html")),
        name="password_change_done",
    ),
    path("staff/logout/", never_cache(auth_views.LogoutView.as_view()), name="logout"),
    # Django admin's own sign-in page would skip the second step: everyone signs in here, and a signed-in
    # user without admin access gets a 403 instead of a loop between the two sign-in pages.
    path("admin/login/", errors.admin_sign_in, name="admin_sign_in"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # The FHIR read API for the clinic's other systems (token-authenticated, read only).
    path("fhir/", fhir_api.urls()),
]

handler400 = "clinic.errors.bad_request"
handler500 = "clinic.errors.server_error"
