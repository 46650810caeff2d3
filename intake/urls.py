"""Patient pages: the only anonymous pages of the site besides static files and /healthz."""

from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
]
