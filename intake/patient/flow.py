"""The patient questionnaire as a sequence of steps, with its state kept server-side in the session.

Each step has a slug, a title, a form, and can say whether it applies to this patient (the thigh
step only with thigh pain) and whether it is complete (its stored answers still pass its form,
given the answers of the other steps). Nothing about a patient's answers travels in hidden fields:
the browser only ever holds the session cookie.

The session holds one dict under SESSION_KEY:

    {"values": {step slug: {field name: value}}, "completed": [slugs],
     "submission_key": "uuid", "resume_code": "M4KQ-7TXH-2PRA" (after saving), "honeypot": bool}

and, once submitted, SUBMITTED_KEY holds {"reference": ..., "decoy": bool} instead (answers are
dropped from the session at that point).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from intake.demo.cases import TYPICAL_PATIENT
from intake.patient.forms import (
    NO,
    NOT_SURE,
    SECTION_KEYS,
    YES,
    AboutForm,
    ContactForm,
    FollowUpForm,
    HealthForm,
    HeelForm,
    SafetyForm,
    StepForm,
    ThighForm,
    WalkingForm,
    without_optional,
)
from intake.rules import RULES_VERSION
from intake.rules.questions import QUESTIONS_BY_KEY, Kind, Section

HONEYPOT_FIELD = "website"

# In the advice the patient has seen, besides red-flag rule ids.
CALL_TODAY = "call_today"

SESSION_KEY = "intake"
SUBMITTED_KEY = "intake_submitted"
SAVED_CODE_KEY = "intake_saved_code"


def always(values: Mapping[str, object]) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    slug: str
    # Lazy translations: a step is built once, and shown in each patient's language.
    title: str | Promise
    form_class: type[StepForm]
    intro: str | Promise = ""
    # Whether the step is asked, given the answers so far (all steps' values by field name).
    applies: Callable[[Mapping[str, object]], bool] = field(default=always)


STEPS: tuple[Step, ...] = (
    Step(
        Section.ABOUT.value,
        _(Section.ABOUT.label),
        AboutForm,
        intro=_("A few questions about you and where it hurts."),
    ),
    Step(
        Section.SAFETY.value,
        _(Section.SAFETY.label),
        SafetyForm,
        intro=_(
            "These questions check whether you need to see a doctor sooner. Most people answer No to all "
            "of them. If you answer Yes, we will tell you at once where to get help. If you are not sure, "
            "choose Not sure: the clinic will phone you."
        ),
    ),
    Step(
        Section.HEEL.value,
        _(Section.HEEL.label),
        HeelForm,
        intro=_("Questions about your feet. If a question does not fit, choose the closest answer or Not sure."),
    ),
    Step(
        Section.WALKING.value,
        _(Section.WALKING.label),
        WalkingForm,
        intro=_("Pain can change the way we walk, often without noticing. Think about how you walk on a normal day."),
        # How a painful heel changes the walk, and so loads the thigh: only asked with heel and thigh pain
        # (the compensation signs count only then).
        applies=lambda values: values.get("heel_pain") != "no" and values.get("thigh_pain") != "no",
    ),
    Step(
        Section.THIGH.value,
        _(Section.THIGH.label),
        ThighForm,
        intro=_("You told us the back of your thigh hurts. These questions are about that pain."),
        # Shown unless the patient said No to thigh pain; skipping it is not an error.
        applies=lambda values: values.get("thigh_pain") != "no",
    ),
    Step(
        Section.HEALTH.value,
        _(Section.HEALTH.label),
        HealthForm,
        intro=_("Some health conditions change how soon you should be seen. Tick I am not sure if you do not know."),
    ),
    Step(
        Section.FOLLOW_UP.value,
        _(Section.FOLLOW_UP.label),
        FollowUpForm,
        intro=_("You answered Yes to some questions. These few questions help us understand how soon you need help."),
        # Only when an earlier answer calls for a follow-up question.
        applies=lambda values: bool(FollowUpForm.question_keys(values)),
    ),
    Step(
        "contact",
        _("Contact details and consent"),
        ContactForm,
        intro=_("So the clinic can reach you to arrange your appointment."),
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}

# How long one question takes someone in pain on a phone, reading, choosing and moving on: a design
# estimate for the start page, not a measurement.
SECONDS_PER_QUESTION = 8


def form_context(answers: Mapping[str, object]) -> dict[str, object]:
    """Catalogue answers as the steps' forms hold them ("yes", "no", "47"), to decide what is asked."""
    return {key: (YES if value else NO) if isinstance(value, bool) else str(value) for key, value in answers.items()}


def questions_asked(answers: Mapping[str, object]) -> int:
    """How many questions a patient with these catalogue answers is shown, over every step that applies."""
    context = form_context(answers)
    return sum(
        len([name for name in step.form_class(context=context).fields if name != HONEYPOT_FIELD])
        for step in STEPS
        if step.applies(context)
    )


@cache
def typical_minutes() -> int:
    """The start page's "about N minutes": a typical heel-and-thigh patient of the demo clinic."""
    return math.ceil(questions_asked(TYPICAL_PATIENT) * SECONDS_PER_QUESTION / 60)


REVIEW_TITLE = _("Check your answers")


def as_form_data(values: Mapping[str, object]) -> dict[str, object]:
    """Stored values back into what a browser would post, to check a stored step is still valid."""
    data: dict[str, object] = {}
    for name, value in values.items():
        if value is None or value is False:
            continue
        if isinstance(value, list):  # a list of ticked boxes
            data[name] = value
        else:
            data[name] = "on" if value is True else str(value)
    return data


def as_initial(values: Mapping[str, object]) -> dict[str, object]:
    initial = dict(values)
    if isinstance(initial.get("date_of_birth"), str):
        initial["date_of_birth"] = dt.date.fromisoformat(initial["date_of_birth"])
    return initial


def _check_basis(values: Mapping[str, object], context: Mapping[str, object], read: list[str]) -> str:
    """What a step's check depended on, as a short digest kept in the session: its own values, the other
    answers its form read (absent ones marked), the day and the rules version."""
    basis = [
        sorted(values.items()),
        [[key, key in context, context.get(key)] for key in read],
        timezone.localdate().isoformat(),
        RULES_VERSION,
    ]
    text = json.dumps(basis, default=str, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class IntakeState:
    """One patient's questionnaire so far, read from and written to the session."""

    def __init__(self, session):
        self.session = session
        self.data = session.get(SESSION_KEY) or {}
        self._merged: dict[str, object] | None = None

    # --- reading -----------------------------------------------------------------------------------

    @property
    def submitted(self) -> dict | None:
        return self.session.get(SUBMITTED_KEY)

    @property
    def started(self) -> bool:
        return bool(self.data.get("values"))

    def values(self, step: Step) -> dict[str, object]:
        return dict(self.data.get("values", {}).get(step.slug, {}))

    def all_values(self) -> dict[str, object]:
        """Every stored value of every step, by field name (field names are unique across steps).

        Merged once until the next write (read it, never change it): a step page asks for it a dozen times.
        """
        if self._merged is None:
            merged: dict[str, object] = {}
            stored = self.data.get("values", {})
            for step in STEPS:
                merged.update(stored.get(step.slug, {}))
            self._merged = merged
        return self._merged

    def applicable_steps(self) -> list[Step]:
        values = self.all_values()
        return [step for step in STEPS if step.applies(values)]

    def form(self, step: Step, data=None) -> StepForm:
        values = self.values(step)
        return step.form_class(data=data, initial=as_initial(values), context=self.all_values())

    def is_complete(self, step: Step) -> bool:
        if step.slug not in self.data.get("completed", []):
            return False
        # Still valid given the other answers (e.g. heel pain changed from No to Yes adds questions).
        return self.checked_answers(step) is not None

    def checked_answers(self, step: Step) -> dict[str, object] | None:
        """The step's catalogue answers if its stored values are valid given the other answers, else None
        (a step not answered yet included).

        A step valid once stays valid while its own values, the other answers its form read, the day
        (a birth date against the age told) and the rules version stay the same: then the answers kept
        when it was last checked are used, and only a step something changed for is validated again.
        """
        values = self.values(step)
        context = self.all_values()
        checked = self.data.get("checked", {}).get(step.slug)
        if checked is not None and checked["basis"] == _check_basis(values, context, checked["read"]):
            return checked["answers"]
        form = self.form(step, data=as_form_data(values))
        # A step not valid (not answered yet, most often) is kept as such too: the same basis, the same outcome.
        answers = form.answers() if form.is_valid() else None
        if not form.context.read_all:
            read = sorted(form.context.read)
            self.data.setdefault("checked", {})[step.slug] = {
                "read": read,
                "basis": _check_basis(values, context, read),
                "answers": answers,
            }
            self.session.modified = True
        return answers

    def first_incomplete(self, *, before: Step | None = None) -> Step | None:
        """The first applicable step not complete; with `before`, only the steps before that one."""
        for step in self.applicable_steps():
            if step is before:
                return None
            if not self.is_complete(step):
                return step
        return None

    def progress(self, step: Step | None) -> tuple[int, int]:
        """(number, total) for "Step 3 of 7"; None is the review page, the last step."""
        steps = self.applicable_steps()
        total = len(steps) + 1
        return (total if step is None else steps.index(step) + 1), total

    def next_step(self, step: Step) -> Step | None:
        """The applicable step after this one; None means the review page."""
        steps = self.applicable_steps()
        later = steps[steps.index(step) + 1 :] if step in steps else []
        return later[0] if later else None

    def previous_step(self, step: Step | None) -> Step | None:
        steps = self.applicable_steps()
        if step is None:
            return steps[-1]
        earlier = steps[: steps.index(step)] if step in steps else []
        return earlier[-1] if earlier else None

    def answers(self) -> dict[str, object]:
        """The catalogue answers of every applicable step (not-answered keys left out)."""
        answers = {}
        stored = self.data.get("values", {})
        for step in self.applicable_steps():
            # A step never answered adds nothing: from empty input no question is answered.
            if step.slug in stored:
                answers.update(self.checked_answers(step) or {})
        return answers

    def unsure_safety_keys(self) -> list[str]:
        """The safety questions answered "Not sure": the clinic phones the patient today."""
        values = self.values(STEPS_BY_SLUG[Section.SAFETY.value])
        return [key for key in SECTION_KEYS[Section.SAFETY] if values.get(key) == NOT_SURE]

    @property
    def advice_seen(self) -> set[str]:
        """The red flags (rule ids) and the "call today" notice the patient has already been shown."""
        return set(self.data.get("advice_seen", []))

    @property
    def advice(self) -> dict | None:
        """The advice the answers so far call for (the patient views' ``advice_from`` shape), or None."""
        return self.data.get("advice")

    def update_advice(self, advice: dict | None) -> bool:
        """Keep the advice for the answers so far; True when it holds something not shown before
        (a new red flag, or a first "Not sure" to a safety question)."""
        self.data["advice"] = advice
        raised = set(advice["rules"]) | ({CALL_TODAY} if advice["call_today"] else set()) if advice else set()
        new = raised - self.advice_seen
        self.data["advice_seen"] = sorted(self.advice_seen | raised)
        self._save()
        return bool(new)

    def contact(self) -> dict[str, object]:
        values = self.values(STEPS_BY_SLUG["contact"])
        born = values.get("date_of_birth")
        return {
            "name": values.get("name", ""),
            "date_of_birth": dt.date.fromisoformat(born) if born else None,
            "email": values.get("email", ""),
            "phone": values.get("phone", ""),
            "consent_given": bool(values.get("consent")),
        }

    @property
    def submission_key(self) -> uuid.UUID:
        return uuid.UUID(self.data["submission_key"])

    @property
    def resume_code(self) -> str | None:
        return self.data.get("resume_code")

    @property
    def honeypot(self) -> bool:
        return bool(self.data.get("honeypot"))

    # --- writing -----------------------------------------------------------------------------------

    def _save(self) -> None:
        self._merged = None
        self.data.setdefault("submission_key", str(uuid.uuid4()))
        self.session[SESSION_KEY] = self.data
        self.session.modified = True

    def store(self, step: Step, values: Mapping[str, object], *, complete: bool) -> None:
        self.data.setdefault("values", {})[step.slug] = dict(values)
        completed = [slug for slug in self.data.get("completed", []) if slug != step.slug]
        if complete:
            completed.append(step.slug)
        self.data["completed"] = completed
        self._save()

    def mark_honeypot(self) -> None:
        self.data["honeypot"] = True
        self._save()

    def remember_draft(self, resume_code: str) -> None:
        self.data["resume_code"] = resume_code
        self._save()

    def draft_data(self) -> dict:
        """What a saved draft keeps: the answers and the submission key (so a resumed draft submitted
        twice still makes one case)."""
        self._save()
        return {key: self.data[key] for key in ("values", "completed", "submission_key") if key in self.data}

    def load_draft(self, data: Mapping[str, object], resume_code: str) -> None:
        self.session.pop(SUBMITTED_KEY, None)
        self.data = {
            "values": dict(data.get("values", {})),
            "completed": list(data.get("completed", [])),
            "submission_key": data.get("submission_key") or str(uuid.uuid4()),
            "resume_code": resume_code,
        }
        self._save()

    def finish(self, *, reference: str, decoy: bool = False, advice: dict | None = None) -> None:
        """Submitted: forget the answers, remember only the reference for the confirmation page
        (and, for a decoy with no case behind it, the safety advice to show all the same)."""
        self.session.pop(SESSION_KEY, None)
        self.session.pop(SAVED_CODE_KEY, None)
        self.session[SUBMITTED_KEY] = {"reference": reference, "decoy": decoy, "advice": advice}
        self.data = {}
        self._merged = None

    def clear(self) -> None:
        for key in (SESSION_KEY, SUBMITTED_KEY, SAVED_CODE_KEY):
            self.session.pop(key, None)
        self.data = {}
        self._merged = None


# --- The review page ---------------------------------------------------------------------------------


def _number_words(name: str, count: int) -> str:
    """A whole-number answer with its unit, in the page's language."""
    if name in ("heel_pain_weeks", "thigh_pain_weeks"):
        return ngettext("%(count)d week", "%(count)d weeks", count) % {"count": count}
    if name == "standing_hours":
        return ngettext("%(count)d hour a day", "%(count)d hours a day", count) % {"count": count}
    if name.endswith("_score"):
        return gettext("%(score)d out of 10") % {"score": count}
    return formats.number_format(count)


def display_value(name: str, value: object, form: StepForm) -> str:
    """How one stored answer reads on the review page, in the page's language."""
    if value in (None, ""):
        return gettext("Not answered")
    if value == NOT_SURE:
        return gettext("Not sure")
    question = QUESTIONS_BY_KEY.get(name)
    if question is not None and question.kind is Kind.INT:
        return _number_words(name, int(value))  # type: ignore[call-overload]
    if name == "height":
        return gettext("%(height)s cm") % {"height": formats.number_format(value)}
    if name == "weight":
        return gettext("%(weight)s kg") % {"weight": formats.number_format(f"{value:g}")}
    if name == "date_of_birth":
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")  # type: ignore[arg-type]
    if name == "consent":
        return gettext("Yes, I agree")
    choices = getattr(form.fields[name], "choices", None)
    if choices and isinstance(value, list):  # ticked boxes
        return "; ".join(str(dict(choices).get(choice, choice)) for choice in value)
    if choices:
        return dict(choices).get(value, str(value))
    return str(value)


def review_sections(state: IntakeState) -> list[dict]:
    """Every applicable step with each question it asked and the answer given."""
    sections = []
    for step in state.applicable_steps():
        form = state.form(step)
        values = state.values(step)
        rows = []
        for name, form_field in form.fields.items():
            if name == "website":
                continue
            label = without_optional(str(form_field.label))
            rows.append({"question": label, "answer": display_value(name, values.get(name), form)})
        sections.append({"step": step, "rows": rows})
    return sections
