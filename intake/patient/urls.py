"""Patient pages: the only anonymous pages of the site besides static files and /healthz.

Every URL here is public on purpose; nothing else in the project is reachable without signing in.
"""

from django.urls import path
from django.views.i18n import set_language

from intake.patient import check_in_views, views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<slug:slug>/", views.step, name="step"),
    path("check-your-answers/", views.review, name="review"),
    path("get-help-now/", views.advice, name="advice"),
    path("send-now/", views.send_now, name="send_now"),
    path("sent/", views.done, name="done"),
    path("saved/", views.saved, name="saved"),
    path("resume/", views.resume, name="resume"),
    path("start-again/", views.start_again, name="start_again"),
    # The language switch on every patient page (POST language and next): Django's view keeps the choice
    # in the language cookie and goes back to the page; the answers in the session are untouched.
    path("language/", set_language, name="set_language"),
]

# A patient's private link to their approved plan: anonymous, the unguessable token is the key.
# Outside the "intake" namespace (its name has always been plain "patient_plan").
plan_urlpatterns = [
    path("plan/<str:token>/", views.patient_plan, name="patient_plan"),
    path("plan/<str:token>/handout.pdf", views.patient_plan_pdf, name="patient_plan_pdf"),
    # A follow-up check-in's private link (e-mailed at its due time): anonymous, the token is the key.
    path("check-in/<str:token>/", check_in_views.patient_check_in, name="patient_check_in"),
    # An exercise's picture from the library (no personal data): shown on plans and handouts.
    path("exercise-pictures/<int:exercise_id>/", views.exercise_picture, name="exercise_picture"),
]
