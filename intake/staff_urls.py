"""Staff pages: every view here is wrapped in staff_views.staff_view (login and the review permission).

tests/test_staff_access.py walks this list: a URL added here without an access test fails the suite.
"""

from django.urls import path

from intake import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("export.csv", staff_views.queue_export, name="queue_export"),
    path("about/", staff_views.about_suggestions, name="about"),
    path("cases/<str:reference>/", staff_views.case_detail, name="case"),
    path("cases/<str:reference>/acknowledge/", staff_views.case_acknowledge, name="case_acknowledge"),
    path("cases/<str:reference>/assign/", staff_views.case_assign, name="case_assign"),
    path("cases/<str:reference>/plan/", staff_views.case_plan, name="case_plan"),
    path("cases/<str:reference>/override/", staff_views.case_override, name="case_override"),
    path("cases/<str:reference>/refer/", staff_views.case_refer, name="case_refer"),
    path("cases/<str:reference>/close/", staff_views.case_close, name="case_close"),
    path("cases/<str:reference>/handout/", staff_views.case_handout, name="case_handout"),
]
