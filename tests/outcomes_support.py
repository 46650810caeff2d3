"""Filling in a follow-up check-in as a patient would, for the tests of the outcome measures."""

from __future__ import annotations

from intake.outcomes.measures import LEFS_ITEMS
from intake.patient.fields import SECTION_KEYS
from intake.patient.forms import NERVE_KEYS_WITHOUT_THIGH_STEP
from intake.rules import Section

SAFETY_KEYS = (*SECTION_KEYS[Section.SAFETY], *NERVE_KEYS_WITHOUT_THIGH_STEP)


def check_in_post_data(
    *,
    heel_pain: int = 4,
    thigh_pain: int = 1,
    global_change: int = 2,
    adherence_days: int = 5,
    lefs: int | list[int] = 3,
    activities: tuple[str, ...] | None = ("Walking to work",),
    psfs: tuple[int, ...] = (5,),
    safety: dict[str, str] | None = None,
) -> dict[str, str]:
    """The check-in form's POST data: every LEFS item (one value for all or a list of 20), the PSFS
    activities named (None: carried from an earlier check-in, rated only) and every safety question No
    unless ``safety`` says otherwise."""
    items = lefs if isinstance(lefs, list) else [lefs] * len(LEFS_ITEMS)
    data = {
        "heel_pain": str(heel_pain),
        "thigh_pain": str(thigh_pain),
        "global_change": str(global_change),
        "adherence_days": str(adherence_days),
        **{f"lefs_{number}": str(value) for number, value in enumerate(items, start=1)},
        **dict.fromkeys(SAFETY_KEYS, "no"),
        **(safety or {}),
    }
    for number, score in enumerate(psfs, start=1):
        if activities is not None:
            data[f"psfs_activity_{number}"] = activities[number - 1]
        data[f"psfs_score_{number}"] = str(score)
    return data


def page_one(data: dict[str, str]) -> dict[str, str]:
    """The part of ``check_in_post_data`` that page 1 ("How you are now") asks: safety and pain."""
    return {name: value for name, value in data.items() if name in ("heel_pain", "thigh_pain") or name in SAFETY_KEYS}


def page_two(data: dict[str, str]) -> dict[str, str]:
    """The rest: the global rating, adherence, the PSFS and the LEFS."""
    first = page_one(data)
    return {name: value for name, value in data.items() if name not in first}


def answer_check_in(client, url: str, data: dict[str, str], **kwargs):
    """Send both pages as a patient does, one after the other; the second page's response."""
    client.post(url, page_one(data))
    return client.post(url + "?step=2", page_two(data), **kwargs)
