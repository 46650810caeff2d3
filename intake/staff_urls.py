"""Staff pages: every view here needs login and the review permission."""

from django.urls import path

from intake import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
]
