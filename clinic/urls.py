from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from intake import views

urlpatterns = [
    path("", include("intake.urls")),
    path("staff/", include("intake.staff_urls")),
    path("staff/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "clinic.errors.bad_request"
handler500 = "clinic.errors.server_error"
