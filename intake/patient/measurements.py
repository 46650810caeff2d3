"""Height and weight as patients type them ("5 ft 6", "11 st 4", "1.65 m"), and the BMI they give.

No Django here: the About step's form (intake/patient/forms.py) validates with these.
"""

from __future__ import annotations

import re

from intake.rules.questions import QUESTIONS_BY_KEY


def parse_height_cm(text: str) -> float:
    """Centimetres from "165", "165 cm", "1.65 m", "5'6", "5 ft 6 in" or "5 feet"."""
    text = text.strip().lower().replace(",", ".")
    imperial = re.fullmatch(
        r"(\d{1,2})\s*(?:'|’|ft|feet|foot)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|”|''|in|inch|inches)?)?", text
    )
    if imperial:
        feet, inches = int(imperial.group(1)), float(imperial.group(2) or 0)
        return (feet * 12 + inches) * 2.54
    metric = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)\s*(cm|centimetres|centimeters|m|metres|meters)?", text)
    if not metric:
        raise ValueError(text)
    number, unit = float(metric.group(1)), metric.group(2)
    if unit in ("m", "metres", "meters") or (unit is None and number < 3):
        return number * 100
    return number


def parse_weight_kg(text: str) -> float:
    """Kilograms from "72", "72.5 kg", "11 st 4", "11 stone 4 lb" or "160 lb"."""
    text = text.strip().lower().replace(",", ".")
    stones = re.fullmatch(
        r"(\d{1,2})\s*(?:st|stone|stones)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:lb|lbs|pound|pounds)?)?", text
    )
    if stones:
        return (int(stones.group(1)) * 14 + float(stones.group(2) or 0)) * 0.45359237
    pounds = re.fullmatch(r"(\d{2,3}(?:\.\d+)?)\s*(?:lb|lbs|pound|pounds)", text)
    if pounds:
        return float(pounds.group(1)) * 0.45359237
    metric = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)\s*(?:kg|kgs|kilo|kilos|kilograms?)?", text)
    if not metric:
        raise ValueError(text)
    return float(metric.group(1))


HEIGHT_RANGE_CM = (100, 230)
WEIGHT_RANGE_KG = (25, 300)
BMI_QUESTION = QUESTIONS_BY_KEY["bmi"]


def bmi_from(height_cm: float | None, weight_kg: float | None) -> int | None:
    """Body-mass index as a whole number, kept within the catalogue's range; None without both."""
    if not height_cm or not weight_kg:
        return None
    bmi = weight_kg / (height_cm / 100) ** 2
    return max(BMI_QUESTION.minimum, min(BMI_QUESTION.maximum, int(bmi + 0.5)))
