"""The case page explains the second edition's reasoning: why one qualifying pathway won, which plan
items need care for this patient, and which flags an answer raised or lowered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import case_url, load_library, submit

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_answers(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text())["answers"]


def test_when_two_pathways_qualify_the_page_says_why_the_suggested_one_won(physio_client):
    load_library()
    case = submit(corpus_answers("20-sciatica-with-heel-pain"))
    html = physio_client.get(case_url(case)).content.decode()
    assert "Why this pathway and not another that qualifies:" in html
    assert case.latest_assessment().engine_result.choice_explanation in html


def test_a_fall_risk_caution_shows_for_a_patient_of_75_or_over(physio_client):
    load_library()
    case = submit({key: value for key, value in PF_COMPENSATION_ANSWERS.items()} | {"age": 78})
    html = physio_client.get(case_url(case)).content.decode()
    assert "Plan cautions" in html and "CAUTION-FALLS" in html
    young = submit(PF_COMPENSATION_ANSWERS, name="Young Patient")
    assert "CAUTION-FALLS" not in physio_client.get(case_url(young)).content.decode()


def test_a_flag_lowered_by_an_explicit_answer_says_so(physio_client):
    load_library()
    case = submit(corpus_answers("55-rf-ces-bilateral-long-standing-not-worse"))
    html = physio_client.get(case_url(case)).content.decode()
    assert "RF-CES-BILATERAL" in html and "Lowered by an explicit answer." in html
