from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from intake import health
from intake.patient import urls as patient_urls
from intake.staff import two_factor

urlpatterns = [
    path("", include("intake.patient.urls")),
    path("", include(patient_urls.plan_urlpatterns)),
    path("staff/", include("intake.staff.urls")),
    path("staff/login/", two_factor.StaffLoginView.as_view(), name="login"),
    path("staff/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("staff/two-factor/set-up/", two_factor.set_up, name="two_factor_set_up"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django admin's own sign-in page would skip the second step: everyone signs in here.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin_sign_in"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

handler400 = "clinic.errors.bad_request"
handler500 = "clinic.errors.server_error"
