"""Staff pages: every view here is wrapped in views.staff_view (login and the review permission).

The access tests walk this list: a URL added here without an access test fails the suite.
"""

from django.urls import path

from intake.staff import downloads, learning_views, outcomes_views, views

app_name = "staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export.csv", views.queue_export, name="queue_export"),
    path("follow-up/", outcomes_views.follow_up, name="follow_up"),
    path("outcomes/", outcomes_views.outcomes_per_pathway, name="outcomes"),
    path("about/", views.about_suggestions, name="about"),
    path("rules-review/", views.rules_review, name="rules_review"),
    path("rules-review/deidentified.csv", views.deidentified_export, name="deidentified_export"),
    path("rules-review/what-if/", learning_views.whatif_page, name="whatif"),
    path("rules-review/what-if/<int:run_id>/", learning_views.whatif_run, name="whatif_run"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/acknowledge/", views.case_acknowledge, name="case_acknowledge"),
    path("cases/<str:reference>/assign/", views.case_assign, name="case_assign"),
    path("cases/<str:reference>/plan/", views.case_plan, name="case_plan"),
    path("cases/<str:reference>/override/", views.case_override, name="case_override"),
    path("cases/<str:reference>/refer/", views.case_refer, name="case_refer"),
    path("cases/<str:reference>/patient-called/", views.case_patient_called, name="case_patient_called"),
    path("cases/<str:reference>/plan/revise/", views.case_plan_revise, name="case_plan_revise"),
    path("cases/<str:reference>/plan/preview/", views.case_plan_preview, name="case_plan_preview"),
    path("cases/<str:reference>/close/", views.case_close, name="case_close"),
    path("cases/<str:reference>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<str:reference>/handout/", views.case_handout, name="case_handout"),
    path("cases/<str:reference>/handout.pdf", downloads.case_handout_pdf, name="case_handout_pdf"),
    path("cases/<str:reference>/summary.txt", downloads.case_summary_download, name="case_summary"),
    path("cases/<str:reference>/first-visit/", views.case_first_visit, name="case_first_visit"),
    path("cases/<str:reference>/first-visit/addendum/", views.case_addendum, name="case_addendum"),
    path("cases/<str:reference>/notes/", views.case_note, name="case_note"),
    path("cases/<str:reference>/rerun/", views.case_rerun, name="case_rerun"),
    path("cases/<str:reference>/referral-finding/", learning_views.case_referral_finding, name="case_referral_finding"),
]
