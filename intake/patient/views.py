"""Patient-facing views (anonymous): the questionnaire and the private link to an approved plan.

The patient pages are the only anonymous pages of the site; intake/patient/urls.py lists every one. Each
step parses one form, keeps the answers in the session (flow.IntakeState) and redirects;
submitting calls services.case_submit once per questionnaire (its submission key). Every patient
page is `never_cache`: answers must not be kept by a browser or proxy cache, and Back always shows
what the server holds.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import RadioSelect
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import rules, selectors, services
from intake.handout_pdf import handout_filename, handout_pdf
from intake.models import (
    PICTURE_TYPES,
    Case,
    ClinicPolicy,
    Exercise,
    IntakeDraft,
    TherapyPlan,
    Urgency,
    new_case_reference,
)
from intake.patient.flow import (
    REVIEW_TITLE,
    SAVED_CODE_KEY,
    STEPS,
    STEPS_BY_SLUG,
    SUBMITTED_KEY,
    IntakeState,
    Step,
    review_sections,
    typical_minutes,
)
from intake.patient.forms import ContactForm, ResumeForm, SendNowForm
from intake.patient.language import advice_variant, current_language
from intake.patient.programme import ProgrammeDayForm, exercise_items
from intake.patient.rate_limit import handout_pdf_rate_limited, resume_rate_limited, submission_rate_limited

logger = logging.getLogger(__name__)

# The answers a "Save and continue later" could not keep (they had a mistake), for the saved page.
NOT_SAVED_KEY = "intake_not_saved"


def step_url(step: Step | None, *, changing: bool = False) -> str:
    url = reverse("intake:step", args=[step.slug]) if step else reverse("intake:review")
    return f"{url}?change=1" if changing and step else url


def start(request: HttpRequest) -> HttpResponse:
    state = IntakeState(request.session)
    return render(
        request,
        "patient/start.html",
        {
            "first_step_url": step_url(STEPS[0]),
            "in_progress": state.started and not state.submitted,
            "minutes": typical_minutes(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such step")
    state = IntakeState(request.session)
    if state.submitted:
        return redirect("intake:done")
    changing = request.GET.get("change") == "1"

    elsewhere = _step_out_of_order(state, step, changing=changing)
    if elsewhere is not None:
        return redirect(elsewhere)
    if request.method == "POST":
        form = state.form(step, data=request.POST)
        done = _step_post(request, state, step, form, changing=changing)
        if done is not None:
            return done
    else:
        form = state.form(step)
    return _step_page(request, state, step, form, changing=changing)


def _step_out_of_order(state: IntakeState, step: Step, *, changing: bool) -> str | None:
    """Where to go instead of this step: past one that does not apply, or back to an earlier one
    still incomplete; None when this step is the one to show."""
    applicable = state.applicable_steps()
    if step not in applicable:
        # A step that does not apply (no thigh pain) is skipped, not an error.
        later = [other for other in applicable if STEPS.index(other) > STEPS.index(step)]
        return step_url(later[0] if later else None, changing=changing)
    first_incomplete = state.first_incomplete(before=step)
    if first_incomplete is not None:
        return step_url(first_incomplete, changing=changing)
    return None


def _step_post(request: HttpRequest, state: IntakeState, step: Step, form, *, changing: bool) -> HttpResponse | None:
    """Store a posted step and move on; None when the page must show the form's errors."""
    saving = request.POST.get("action") == "save"
    valid = form.is_valid()
    if isinstance(form, ContactForm) and form.honeypot_filled:
        state.mark_honeypot()
    if valid or saving:
        # Saving for later keeps whatever is valid so far, even on a page with a mistake.
        state.store(step, form.stored_values(), complete=valid)
    if saving:
        # Answers with a mistake cannot be kept; the saved page says which, so none is lost unawares.
        request.session[NOT_SAVED_KEY] = [error["message"] for error in error_summary(form)]
        return save_for_later(request, state)
    if not valid:
        return None
    if state.update_advice(current_advice(state)):
        # A new red flag or a safety question answered Not sure: tell the patient on the very next page.
        return redirect("intake:advice")
    if changing:
        return redirect(step_url(state.first_incomplete(), changing=True))
    return redirect(step_url(state.next_step(step)))


def _step_page(request: HttpRequest, state: IntakeState, step: Step, form, *, changing: bool) -> HttpResponse:
    number, total = state.progress(step)
    previous = state.previous_step(step)
    if changing:
        back_url = reverse("intake:review")
    else:
        back_url = step_url(previous) if previous else reverse("intake:start")
    return render(
        request,
        "patient/step.html",
        {
            "step": step,
            "form": form,
            "step_number": number,
            "step_total": total,
            "errors": error_summary(form),
            "back_url": back_url,
            "changing": changing,
            "advice": state.advice,
        },
    )


def error_summary(form) -> list[dict[str, str]]:
    """Each error with the id of the element its link should reach: the field itself, or the first
    option of a group of radio buttons. In the order the fields appear."""
    if not form.is_bound or form.is_valid():
        return []
    summary = []
    describe = getattr(form, "summary_message", lambda name, message: message)
    for name, field in form.fields.items():
        target = form[name].auto_id + ("_0" if isinstance(field.widget, RadioSelect) else "")
        for message in form.errors.get(name, []):
            summary.append({"target": target, "message": describe(name, message)})
    first = form[next(iter(form.fields))].auto_id
    for message in form.non_field_errors():
        summary.append({"target": first, "message": message})
    return summary


def save_for_later(request: HttpRequest, state: IntakeState) -> HttpResponse:
    # The language goes with the answers, so resuming on another device carries on in it.
    data = {**state.draft_data(), "language": current_language()}
    draft = services.intake_draft_save(data=data, resume_code=state.resume_code)
    state.remember_draft(draft.resume_code)
    request.session[SAVED_CODE_KEY] = draft.resume_code
    return redirect("intake:saved")


@never_cache
def saved(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SAVED_CODE_KEY)
    if not code:
        return redirect("intake:start")
    draft = IntakeDraft.objects.filter(resume_code=code).first()
    if draft is None:
        return redirect("intake:start")
    state = IntakeState(request.session)
    resume_link = request.build_absolute_uri(reverse("intake:resume")) + f"?code={code}"
    return render(
        request,
        "patient/saved.html",
        {
            "code": code,
            "resume_link": resume_link,
            "expires_at": timezone.localtime(draft.expires_at),
            "continue_url": step_url(state.first_incomplete()),
            "advice": state.advice,
            "not_saved": request.session.get(NOT_SAVED_KEY, []),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if resume_rate_limited(request):
            return please_wait(request)
        form = ResumeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                draft = selectors.intake_draft_find(resume_code=code)
            except IntakeDraft.DoesNotExist:
                form.add_error("code", gettext("We could not find that code. Check it and try again."))
            except selectors.IntakeDraftExpired:
                form.add_error(
                    "code",
                    ngettext(
                        "This code has expired. Codes work for %(days)d day after saving. "
                        "Please start the questions again.",
                        "This code has expired. Codes work for %(days)d days after saving. "
                        "Please start the questions again.",
                        settings.INTAKE_DRAFT_DAYS,
                    )
                    % {"days": settings.INTAKE_DRAFT_DAYS},
                )
                status = 410
            else:
                state = IntakeState(request.session)
                state.load_draft(draft.data, draft.resume_code)
                request.session.pop(SAVED_CODE_KEY, None)
                return remember_language(redirect(step_url(state.first_incomplete())), draft.data.get("language"))
    else:
        form = ResumeForm(initial={"code": request.GET.get("code", "")[:30]})
    return render(
        request,
        "patient/resume.html",
        {"form": form, "errors": error_summary(form), "expired": status == 410},
        status=status,
    )


def remember_language(response: HttpResponse, language: object) -> HttpResponse:
    """Continue in the language the answers were saved in, on any device: the language cookie, set as
    Django's set_language view sets it. Nothing for a draft saved before languages were kept."""
    if isinstance(language, str) and language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    state = IntakeState(request.session)
    if state.submitted:
        return redirect("intake:done")
    if not state.started:
        return redirect("intake:start")
    incomplete = state.first_incomplete()
    if incomplete is not None:
        return redirect(step_url(incomplete))
    problem = ""
    if request.method == "POST":
        if submission_rate_limited(request):
            return please_wait(request)
        if state.honeypot or request.POST.get("website", "").strip():
            # A robot: no case, but the same page a person would see, so it learns nothing.
            logger.info("intake honeypot filled; no case created")
            # A person whose browser filled the hidden field by mistake still gets any red-flag
            # advice: the rules run on the answers, nothing is stored.
            # Through the stored shape, as for a real case: it fills in the clinic's emergency number.
            advice = advice_from(current_result(state), call_today=bool(state.unsure_safety_keys()))
            state.finish(reference=new_case_reference(), decoy=True, advice=advice)
            return redirect("intake:done")
        try:
            case = services.case_submit(
                answers=state.answers(),
                submission_key=state.submission_key,
                unsure_safety_keys=state.unsure_safety_keys(),
                language=current_language(),
                **state.contact(),
            )
        except rules.AnswersInvalid as error:
            # The forms check everything the engine checks, so this means a bug; keys only, no values.
            logger.error("intake answers refused by the rules: %s", sorted(error.errors))
            problem = gettext("Some answers could not be saved. Please check them and try again.")
        else:
            return _sent(state, case)
    number, total = state.progress(None)
    return render(
        request,
        "patient/review.html",
        {
            "title": REVIEW_TITLE,
            "sections": review_sections(state),
            "step_number": number,
            "step_total": total,
            "back_url": step_url(state.previous_step(None)),
            "problem": problem,
            "advice": state.advice,
        },
    )


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("intake:start")
    context = {"reference": submitted["reference"], "advice": submitted.get("advice")}
    routine = context["advice"] is None
    if not submitted.get("decoy"):
        case = Case.objects.filter(reference=submitted["reference"]).first()
        if case is None:
            raise Http404("No such case")
        context["advice"] = patient_advice(case)
        context["sent_early"] = case.sent_early
        routine = context["advice"] is None and case.urgency == Urgency.ROUTINE and not case.call_today
    # The booking hand-off: routine cases only. A patient with red-flag advice or a call coming today
    # must follow that advice, not book a routine appointment. (A robot's decoy sees what a person would.)
    context["booking_link"] = ClinicPolicy.current().booking_link(submitted["reference"]) if routine else ""
    return render(request, "patient/done.html", context)


def patient_advice(case: Case) -> dict | None:
    """What the rules tell the patient to do now, or None.

    Read from the saved assessment (the engine's snapshot), never from the answers, and never the
    pathway: a patient is not shown a diagnosis.
    """
    assessment = case.latest_assessment()
    result = assessment.engine_result if assessment is not None else None
    return advice_from(result, call_today=case.call_today)


def current_result(state: IntakeState) -> rules.Result:
    """The rules on the answers so far, through the stored shape (which fills in the emergency number)."""
    stored = rules.ENGINE.assess_without_questions(state.answers()).to_dict(emergency_number=settings.EMERGENCY_NUMBER)
    return rules.Result.from_dict(stored)


def current_advice(state: IntakeState) -> dict | None:
    return advice_from(current_result(state), call_today=bool(state.unsure_safety_keys()))


def advice_from(result: rules.Result | None, *, call_today: bool = False) -> dict | None:
    """The advice box of the patient pages (kept in the session, so plain data), or None.

    Every fired flag's advice, most urgent first, each text once, grouped by urgency (the template
    heads each group); and whether the clinic will phone today because a safety question was answered
    Not sure. Each flag keeps its rule id and which of the rule's texts it shows, so a page shows the
    advice in the patient's language (language.advice_texts), even after the patient switches; the
    English text (emergency number filled in) is what an English page shows.
    """
    groups: list[dict] = []
    for flag in result.red_flags_most_urgent_first if result is not None else ():
        if not groups or groups[-1]["urgency"] != flag.urgency.value:
            groups.append({"urgency": flag.urgency.value, "flags": []})
        if flag.advice not in (seen["text"] for seen in groups[-1]["flags"]):
            groups[-1]["flags"].append({"rule": flag.rule, "variant": advice_variant(flag), "text": flag.advice})
    if not groups and not call_today:
        return None
    return {
        "urgency": groups[0]["urgency"] if groups else "call_today",
        "groups": groups,
        "rules": sorted(flag.rule for flag in result.red_flags) if result is not None else [],
        "call_today": call_today,
    }


def _sent(state: IntakeState, case: Case) -> HttpResponse:
    """The case is made: the saved draft (if any) is no longer needed, and the confirmation follows."""
    if state.resume_code:
        services.intake_draft_discard(resume_code=state.resume_code)
    state.finish(reference=case.reference)
    return redirect("intake:done")


def _back_to_the_questions(state: IntakeState) -> HttpResponse:
    """No advice to show (nothing raised one): on with the questions, or to the start."""
    return redirect(step_url(state.first_incomplete()) if state.started else reverse("intake:start"))


@never_cache
def advice(request: HttpRequest) -> HttpResponse:
    """Straight after the step that raised it: where to go, how soon, and sending now or going on."""
    state = IntakeState(request.session)
    if state.submitted:
        return redirect("intake:done")
    if state.advice is None:
        return _back_to_the_questions(state)
    return render(
        request,
        "patient/advice.html",
        {"advice": state.advice, "continue_url": step_url(state.first_incomplete())},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def send_now(request: HttpRequest) -> HttpResponse:
    """One short step after red-flag advice: name, phone and consent, and the answers so far are sent."""
    state = IntakeState(request.session)
    if state.submitted:
        return redirect("intake:done")
    if state.advice is None:
        return _back_to_the_questions(state)
    form = SendNowForm(request.POST or None)
    if request.method == "POST":
        if submission_rate_limited(request):
            return please_wait(request)
        if form.is_valid():
            case = services.case_submit(
                answers=state.answers(),
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                consent_given=True,
                submission_key=state.submission_key,
                sent_early=True,
                unsure_safety_keys=state.unsure_safety_keys(),
                language=current_language(),
            )
            return _sent(state, case)
    return render(
        request,
        "patient/send_now.html",
        {"form": form, "errors": error_summary(form), "advice": state.advice, "back_url": reverse("intake:advice")},
    )


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    IntakeState(request.session).clear()
    return redirect("intake:start")


def please_wait(request: HttpRequest) -> HttpResponse:
    response = render(request, "patient/please_wait.html", status=429)
    response["Retry-After"] = "3600"
    return response


# --- The private link to an approved plan ------------------------------------------------------------
# Anonymous by design: the unguessable token in the URL is the key. It opens an approved plan only,
# before its expiry; a draft, a superseded plan or an unknown token is a plain 404, so a link can
# never show a plan a physiotherapist has not approved, nor say whether a token ever existed.


def shared_plan_or_404(token: str) -> TherapyPlan:
    """The approved plan shared at the patient's private link (page and PDF); 404 if none is."""
    plan = selectors.approved_plan_for_patient(token=token)
    if plan is None:
        raise Http404("No plan is shared at this address.")
    return plan


def link_expired(plan: TherapyPlan) -> bool:
    return plan.patient_link_expires_at is None or plan.patient_link_expires_at <= timezone.now()


@never_cache
@require_http_methods(["GET", "POST"])
def patient_plan(request: HttpRequest, token: str) -> HttpResponse:
    """The approved plan with today's checklist above it: tick the exercises done, today's pain, a note.
    Saving again the same day updates that day's entry."""
    plan = shared_plan_or_404(token)
    # In the language the patient answered in: the plan's items were written in it.
    with translation.override(plan.case.language):
        if link_expired(plan):
            return render(request, "patient/plan_expired.html", status=410)
        today = timezone.localdate()
        items = exercise_items(plan.items.all())
        entry = selectors.programme_day_of(case=plan.case, day=today)
        form = ProgrammeDayForm.for_today(request.POST if request.method == "POST" else None, items=items, entry=entry)
        if form.is_bound and form.is_valid():
            try:
                services.programme_day_record(
                    plan=plan,
                    day=today,
                    done_item_ids=form.cleaned_data["done"],
                    pain=form.cleaned_data["pain"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # After a POST, a GET: reloading the page never sends the entry twice.
                return redirect(reverse("patient_plan", kwargs={"token": token}) + "?saved=1#today")
        context = {
            "plan": plan,
            "for_staff": False,
            "form": form if items else None,
            "errors": error_summary(form) if form.is_bound else [],
            "saved": request.GET.get("saved") == "1" and entry is not None and not form.is_bound,
            "entry": entry,
            "today": today,
        }
        response = render(request, "patient/plan.html", context, status=400 if form.errors else 200)
    response["Content-Language"] = plan.case.language
    # Never listed by search engines, even if the link is pasted somewhere public.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
def patient_plan_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The plan at the patient's private link as a PDF to keep or print, under the same rules as the page."""
    plan = shared_plan_or_404(token)
    with translation.override(plan.case.language):
        if link_expired(plan):
            return render(request, "patient/plan_expired.html", status=410)
        if handout_pdf_rate_limited(request):
            return please_wait(request)
    response = HttpResponse(handout_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout_filename(plan)}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def exercise_picture(request: HttpRequest, exercise_id: int) -> HttpResponse:
    """A library exercise's picture, read through the configured storage (this server's disk, or an
    S3-compatible bucket), with its image type, never sniffed. Cached by browsers and shared caches for
    a day and revalidated with its ETag (the file's content-derived name, intake/pictures.py): an
    unchanged picture costs a 304. The library holds no personal data, so this needs no link token."""
    exercise = Exercise.objects.filter(pk=exercise_id).exclude(picture="").only("picture").first()
    if exercise is None:
        raise Http404("No picture.")
    extension = exercise.picture.name.rsplit(".", 1)[-1].lower()
    if extension not in PICTURE_TYPES:
        raise Http404("No picture.")
    etag = '"' + hashlib.sha256(exercise.picture.name.encode()).hexdigest()[:32] + '"'
    if etag in (tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")):
        response: HttpResponse = HttpResponseNotModified()
    else:
        try:
            handle = exercise.picture.open("rb")
        except FileNotFoundError:
            raise Http404("No picture.") from None
        response = FileResponse(handle, content_type=PICTURE_TYPES[extension])
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response
