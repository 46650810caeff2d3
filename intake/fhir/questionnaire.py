"""The intake as a FHIR R4 ``Questionnaire``, and a case's answers as its ``QuestionnaireResponse``.

The items come from the patient steps themselves (intake/patient/flow.py): one group per step, in the
order a patient meets them, and inside each group the questions that step's form can ask, in its
order. What the module adds is the conditions, as data: ``STEP_ENABLED_WHEN`` (a step asked only with
thigh pain) and ``QUESTION_ENABLED_WHEN`` (a follow-up asked only after a Yes). The test
tests/test_fhir_questionnaire.py walks every corpus case and demo patient through the flow and
through these conditions and fails when the two disagree, so a change to the flow must change this
table too.

Link ids are ``<step>.<key>`` ("heel.heel_pain_score"): three nerve questions are asked on the thigh
step with thigh pain and on the safety step without it, and FHIR wants one link id per place.

A yes/no question's "Not sure" is stored by the app as not answered, so it is a ``boolean`` item
left unanswered (the app never stores it as No). The health step's "tick all that apply" list is one
repeating ``choice`` item, as the patient sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.patient.fields import GATE_KEYS, YES
from intake.patient.flow import STEPS, Step
from intake.patient.forms import (
    HEALTH_KEYS,
    HEALTH_LABELS,
    HEALTH_NOT_SURE,
    NERVE_KEYS_WITHOUT_THIGH_STEP,
    NONE_OF_THESE,
    SAFETY_WORDING,
    AboutForm,
)
from intake.patient.measurements import BMI_QUESTION
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY, Kind, Question, Section

QUESTIONNAIRE_ID = "intake"
HEALTH_ITEM = "conditions"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"

# Standard codes where one means exactly what the question asks; the others carry none (a local code
# would add nothing to the link id).
QUESTION_CODES: dict[str, tuple[str, str, str]] = {
    "age": (LOINC, "30525-0", "Age"),
    "heel_pain_score": (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "thigh_pain_score": (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "height": (LOINC, "8302-2", "Body height"),
    "weight": (LOINC, "29463-7", "Body weight"),
    BMI_QUESTION.key: (LOINC, "39156-5", "Body mass index (BMI) [Ratio]"),
}
CONDITION_CODES: dict[str, tuple[str, str, str]] = {
    "diabetes": (SNOMED, "73211009", "Diabetes mellitus"),
    "osteoporosis": (SNOMED, "64859006", "Osteoporosis"),
}
# Units of the number items a patient types (UCUM), shown after the box by FHIR form renderers.
UNITS = {
    "height": ("cm", "cm"),
    "weight": ("kg", "kg"),
    "heel_pain_weeks": ("wk", "weeks"),
    "thigh_pain_weeks": ("wk", "weeks"),
    "standing_hours": ("h", "hours"),
}


def fhir_base() -> str:
    """This clinic's FHIR address: canonical URLs and full URLs start with it."""
    return f"{settings.SITE_URL}/fhir"


def answer_system(key: str) -> str:
    """The code system of one choice question's answers (its catalogue values)."""
    return f"{fhir_base()}/CodeSystem/{key.replace('_', '-')}"


def link_id(step: Step | str, key: str) -> str:
    slug = step if isinstance(step, str) else step.slug
    return f"{slug}.{key}"


# --- The conditions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """One enableWhen: the question at ``link`` compared with ``operator`` to ``value``."""

    link: str
    operator: str
    value: bool | int | str

    def as_fhir(self) -> dict[str, object]:
        question = QUESTIONS_BY_KEY.get(self.link.rsplit(".", 1)[1])
        if isinstance(self.value, bool):
            answer: dict[str, object] = {"answerBoolean": self.value}
        elif isinstance(self.value, int):
            answer = {"answerInteger": self.value}
        else:
            assert question is not None and question.kind is Kind.CHOICE
            answer = {"answerCoding": {"system": answer_system(question.key), "code": self.value}}
        return {"question": self.link, "operator": self.operator, **answer}


def _yes(link: str) -> When:
    return When(link, "=", True)


GATE = {key: link_id(Section.ABOUT.value, key) for key in GATE_KEYS}
HEEL_PAIN, THIGH_PAIN = GATE["heel_pain"], GATE["thigh_pain"]
# Where the nerve questions sit: both places (only one is ever enabled, so "any" of them is the answer).
NERVE_LINKS = {
    key: (link_id(Section.THIGH.value, key), link_id(Section.SAFETY.value, key))
    for key in NERVE_KEYS_WITHOUT_THIGH_STEP
}
CALF_LINKS = tuple(link_id(Section.SAFETY.value, key) for key in ("calf_swelling", "calf_tender"))
SUDDEN_HEEL = (_yes(HEEL_PAIN), When(link_id(Section.HEEL.value, "heel_onset"), "!=", "gradual"))
SUDDEN_THIGH = (_yes(THIGH_PAIN), When(link_id(Section.THIGH.value, "thigh_onset"), "!=", "gradual"))

# (behaviour, conditions) for a whole step: the gates are Yes/No only, so "not No" is "!= false".
STEP_ENABLED_WHEN: dict[str, tuple[str, tuple[When, ...]]] = {
    Section.WALKING.value: ("all", (When(HEEL_PAIN, "!=", False), When(THIGH_PAIN, "!=", False))),
    Section.THIGH.value: ("all", (When(THIGH_PAIN, "!=", False),)),
}

# (behaviour, conditions) for one question, by link id: mirrors HeelForm, ThighForm, SafetyForm and
# FOLLOW_UPS in intake/patient/forms.py.
QUESTION_ENABLED_WHEN: dict[str, tuple[str, tuple[When, ...]]] = {
    **{
        link_id(Section.HEEL.value, key): ("all", (_yes(HEEL_PAIN),))
        for key in (
            "heel_pain_site",
            "first_step_pain",
            "pain_after_rest",
            "eases_with_walking",
            "heel_pain_score",
            "heel_pain_weeks",
            "heel_onset",
        )
    },
    link_id(Section.THIGH.value, "thigh_after_heel"): ("all", (_yes(HEEL_PAIN),)),
    **{safety: ("all", (When(THIGH_PAIN, "!=", True),)) for _thigh, safety in NERVE_LINKS.values()},
    **{
        link_id(Section.FOLLOW_UP.value, key): ("all", SUDDEN_HEEL)
        for key in ("heel_pop", "tiptoe_difficulty", "heel_steroid_injection")
    },
    link_id(Section.FOLLOW_UP.value, "training_increase"): (
        "any",
        (
            When(link_id(Section.HEEL.value, "heel_pain_site"), "=", "whole_heel"),
            _yes(link_id(Section.SAFETY.value, "cannot_bear_weight")),
        ),
    ),
    **{
        link_id(Section.FOLLOW_UP.value, key): ("all", SUDDEN_THIGH)
        for key in ("onset_activity", "bruising_or_swelling")
    },
    link_id(Section.FOLLOW_UP.value, "nerve_symptoms_recent"): (
        "any",
        (
            _yes(link_id(Section.HEEL.value, "foot_tingling")),
            *(_yes(link) for link in NERVE_LINKS["leg_tingling"]),
            _yes(link_id(Section.SAFETY.value, "leg_weakness")),
            _yes(link_id(Section.SAFETY.value, "both_legs")),
        ),
    ),
    link_id(Section.FOLLOW_UP.value, "recent_surgery_or_immobilised"): (
        "any",
        (*(_yes(link) for link in CALF_LINKS), _yes(THIGH_PAIN)),
    ),
    link_id(Section.FOLLOW_UP.value, "long_journey"): ("any", tuple(_yes(link) for link in CALF_LINKS)),
    link_id(Section.FOLLOW_UP.value, "previous_clot"): ("any", tuple(_yes(link) for link in CALF_LINKS)),
    link_id(Section.FOLLOW_UP.value, "injury_kind"): ("all", (_yes(link_id(Section.SAFETY.value, "major_trauma")),)),
}

# FHIR's enableWhen is either all or any of its conditions; the pregnancy question needs both (a calf
# sign) and (age 12 to 55), so it sits in a group enabled by the first holding a question enabled by
# the second.
PREGNANCY = "pregnant_or_postpartum"
PREGNANCY_GROUP = link_id(Section.FOLLOW_UP.value, "pregnancy")
PREGNANCY_GROUP_ENABLED_WHEN = ("any", tuple(_yes(link) for link in CALF_LINKS))
QUESTION_ENABLED_WHEN[link_id(PREGNANCY_GROUP, PREGNANCY)] = (
    "all",
    (When(link_id(Section.ABOUT.value, "age"), ">=", 12), When(link_id(Section.ABOUT.value, "age"), "<=", 55)),
)


def _enable(rule: tuple[str, tuple[When, ...]] | None) -> dict[str, object]:
    if rule is None:
        return {}
    behaviour, conditions = rule
    fields: dict[str, object] = {"enableWhen": [condition.as_fhir() for condition in conditions]}
    if len(conditions) > 1:
        fields["enableBehavior"] = behaviour
    return fields


# --- The items ------------------------------------------------------------------------------------------

# Contexts under which each step's form shows every question it can ask: with the gates Yes (and, for
# the safety step, thigh pain No, which adds the nerve questions) and every follow-up called for.
_EVERY_QUESTION = {
    **{question.key: YES for question in QUESTIONS if question.kind is Kind.BOOL},
    "age": "30",
    "heel_pain_site": "whole_heel",
}
_CONTEXTS = (_EVERY_QUESTION, {**_EVERY_QUESTION, "thigh_pain": "no"})


def step_fields(step: Step) -> list[str]:
    """Every field the step's form can show (catalogue keys and the form's own fields), in its order."""
    names: list[str] = []
    for context in _CONTEXTS:
        previous = None
        for name in step.form_class(context=context).fields:
            if name == "website":
                continue
            if name not in names:
                # Right after the field it follows on this form (the nerve questions after "both legs").
                names.insert(names.index(previous) + 1 if previous else 0, name)
            previous = name
    return names


def _coding(code: tuple[str, str, str]) -> dict[str, str]:
    system, value, display = code
    return {"system": system, "code": value, "display": display}


def _question_item(step: Step, question: Question) -> dict[str, object]:
    wording = SAFETY_WORDING.get(question.key) if step.slug == Section.SAFETY.value else None
    item: dict[str, object] = {
        "linkId": link_id(step, question.key),
        "text": str(wording or question.wording),
    }
    if question.key in QUESTION_CODES:
        item["code"] = [_coding(QUESTION_CODES[question.key])]
    if question.kind is Kind.BOOL:
        # Not sure is left unanswered: only the Yes/No-only questions (the gates) are required.
        item.update(type="boolean", required=question.key in getattr(step.form_class, "yes_no_only_keys", ()))
    elif question.kind is Kind.INT:
        item.update(type="integer", required=question.key == "age")
        item["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": question.minimum},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": question.maximum},
            *_unit_extension(question.key),
        ]
    else:
        item.update(
            type="choice",
            required=True,
            answerOption=[
                {"valueCoding": {"system": answer_system(question.key), "code": value, "display": label}}
                for value, label in question.choices
            ],
        )
    return item | _enable(QUESTION_ENABLED_WHEN.get(str(item["linkId"])))


def _unit_extension(name: str) -> list[dict[str, object]]:
    if name not in UNITS:
        return []
    code, display = UNITS[name]
    return [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
            "valueCoding": {"system": UCUM, "code": code, "display": display},
        }
    ]


def _form_field_item(step: Step, name: str) -> dict[str, object]:
    """A field the form adds beside the catalogue: height and weight, the health list, contact details."""
    field = step.form_class.base_fields[name]
    item: dict[str, object] = {"linkId": link_id(step, name), "text": str(field.label), "required": field.required}
    if name in QUESTION_CODES:
        item["code"] = [_coding(QUESTION_CODES[name])]
    if name == HEALTH_ITEM:
        item.update(type="choice", repeats=True, answerOption=_health_options())
    elif name in ("height", "weight"):
        item.update(type="integer" if name == "height" else "decimal", extension=_unit_extension(name))
    elif name == "date_of_birth":
        item.update(type="date", definition="http://hl7.org/fhir/StructureDefinition/Patient#Patient.birthDate")
    elif name == "consent":
        item["type"] = "boolean"
    else:
        item["type"] = "string"
        paths = {"name": "Patient.name", "phone": "Patient.telecom", "email": "Patient.telecom"}
        item["definition"] = f"http://hl7.org/fhir/StructureDefinition/Patient#{paths[name]}"
    return item


def _health_options() -> list[dict[str, object]]:
    options = []
    for value in (*HEALTH_KEYS, NONE_OF_THESE, HEALTH_NOT_SURE):
        label = HEALTH_LABELS.get(value) or ("None of these" if value == NONE_OF_THESE else "I am not sure")
        options.append({"valueCoding": {"system": answer_system(HEALTH_ITEM), "code": value, "display": str(label)}})
    return options


def _bmi_item() -> dict[str, object]:
    """BMI is never asked: the app works it out from height and weight, and the engine reads it."""
    return {
        "linkId": link_id(Section.ABOUT.value, BMI_QUESTION.key),
        "code": [_coding(QUESTION_CODES[BMI_QUESTION.key])],
        "text": BMI_QUESTION.wording,
        "type": "integer",
        "readOnly": True,
    }


def _step_items(step: Step) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    pregnancy: dict[str, object] | None = None
    for name in step_fields(step):
        question = QUESTIONS_BY_KEY.get(name)
        if question is None:
            items.append(_form_field_item(step, name))
        elif name == PREGNANCY:
            pregnancy = _question_item(step, question)
            pregnancy["linkId"] = link_id(PREGNANCY_GROUP, PREGNANCY)
            pregnancy |= _enable(QUESTION_ENABLED_WHEN[link_id(PREGNANCY_GROUP, PREGNANCY)])
            items.append(
                {
                    "linkId": PREGNANCY_GROUP,
                    "type": "group",
                    "item": [pregnancy],
                    **_enable(PREGNANCY_GROUP_ENABLED_WHEN),
                }
            )
        else:
            items.append(_question_item(step, question))
    if step.form_class is AboutForm:
        items.append(_bmi_item())
    return items


@cache
def questionnaire_items() -> tuple[dict[str, object], ...]:
    """Built once, in English whatever the request's language (the catalogue's wording is English, and
    a cached Questionnaire must not keep the first caller's language)."""
    with translation.override("en"):
        return _questionnaire_items()


def _questionnaire_items() -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "linkId": step.slug,
            "type": "group",
            "text": str(step.title),
            "item": _step_items(step),
            **_enable(STEP_ENABLED_WHEN.get(step.slug)),
        }
        for step in STEPS
    )


def intake_questionnaire(*, rules_version: str) -> Questionnaire:
    """The intake as one Questionnaire, its version the rules version the catalogue belongs to."""
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": QUESTIONNAIRE_ID,
            "url": f"{fhir_base()}/Questionnaire/{QUESTIONNAIRE_ID}",
            "version": rules_version,
            "name": "HeelAndThighIntake",
            "title": "Heel and back-of-thigh pain: first questionnaire",
            "status": "active",
            "subjectType": ["Patient"],
            "language": "en",
            "item": list(questionnaire_items()),
        }
    )


# --- A case's answers as a QuestionnaireResponse, and back ---------------------------------------------------


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """Each catalogue key's link ids in the Questionnaire (two for the nerve questions)."""
    places: dict[str, tuple[str, ...]] = {}

    def walk(items: Iterable[dict]) -> None:
        for item in items:
            if item["type"] == "group":
                walk(item["item"])
            else:
                key = str(item["linkId"]).rsplit(".", 1)[1]
                places[key] = (*places.get(key, ()), str(item["linkId"]))

    walk(questionnaire_items())
    return places


def place_of(key: str, answers: Mapping[str, object]) -> str:
    """The link id a catalogue answer goes under: where the flow asked it."""
    if key in NERVE_LINKS:
        thigh, safety = NERVE_LINKS[key]
        return thigh if answers.get("thigh_pain") is True else safety
    (place,) = _places()[key]
    return place


def _answer(key: str, value: object) -> dict[str, object]:
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.BOOL:
        return {"valueBoolean": value}
    if question.kind is Kind.INT:
        return {"valueInteger": value}
    label = dict(question.choices)[str(value)]
    return {"valueCoding": {"system": answer_system(key), "code": value, "display": label}}


def _health_answers(answers: Mapping[str, object]) -> list[dict[str, object]]:
    """The ticked conditions, or "None of these"; nothing when the health questions were not answered
    ("I am not sure" is stored as not answered)."""
    given = {key: answers[key] for key in HEALTH_KEYS if key in answers}
    if not given:
        return []
    ticked = [key for key in HEALTH_KEYS if given.get(key) is True] or [NONE_OF_THESE]
    return [{"valueCoding": {"system": answer_system(HEALTH_ITEM), "code": code}} for code in ticked]


def response_items(answers: Mapping[str, object]) -> list[dict[str, object]]:
    """The answered items, grouped as the Questionnaire groups them, in its order."""
    placed = {place_of(key, answers): key for key in answers if key not in HEALTH_KEYS}
    health = _health_answers(answers)
    groups = []
    for group in questionnaire_items():
        items = list(_answered(group["item"], placed, answers))  # type: ignore[arg-type]
        if group["linkId"] == Section.HEALTH.value and health:
            items.append({"linkId": link_id(Section.HEALTH.value, HEALTH_ITEM), "answer": health})
        if items:
            groups.append({"linkId": group["linkId"], "item": items})
    return groups


def _answered(items: Iterable[dict], placed: Mapping[str, str], answers: Mapping[str, object]) -> Iterable[dict]:
    for item in items:
        if item["type"] == "group":
            inner = list(_answered(item["item"], placed, answers))
            if inner:
                yield {"linkId": item["linkId"], "item": inner}
        elif item["linkId"] in placed:
            key = placed[item["linkId"]]
            yield {"linkId": item["linkId"], "answer": [_answer(key, answers[key])]}


def answers_from_response(response: QuestionnaireResponse | Mapping[str, object]) -> dict[str, object]:
    """The catalogue answers a QuestionnaireResponse holds, as the engine takes them."""
    data = response.model_dump(mode="json") if isinstance(response, QuestionnaireResponse) else response
    answers: dict[str, object] = {}
    for item in _leaves(data.get("item") or []):  # type: ignore[arg-type]
        key = str(item["linkId"]).rsplit(".", 1)[1]
        values = item.get("answer") or []
        if key == HEALTH_ITEM:
            ticked = {value["valueCoding"]["code"] for value in values}
            if ticked and HEALTH_NOT_SURE not in ticked:
                answers.update({condition: condition in ticked for condition in HEALTH_KEYS})
        elif key in QUESTIONS_BY_KEY and values:
            (value,) = values
            answers[key] = value.get(
                "valueBoolean", value.get("valueInteger", (value.get("valueCoding") or {}).get("code"))
            )
    return answers


def _leaves(items: Iterable[Mapping[str, object]]) -> Iterable[Mapping[str, object]]:
    for item in items:
        if item.get("item"):
            yield from _leaves(item["item"])  # type: ignore[arg-type]
        else:
            yield item


__all__ = [
    "QUESTIONNAIRE_ID",
    "answers_from_response",
    "intake_questionnaire",
    "response_items",
]
