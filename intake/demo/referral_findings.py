"""Demo referral findings: where the demo red-flag cases were referred and what the clinic heard back,
so the rules review's "what the referrals found" has something to show. Keyed by the demo patient's
name (intake/demo/cases.py); the notes carry no identifiers.

Some red flags are confirmed, some are not (a red flag is a reason to look, not a diagnosis), one is
still waiting for news, and one red-flag case has nothing recorded yet.
"""

from __future__ import annotations

# name -> (where the case was referred, or "" when it was not referred, the outcome, the note)
DEMO_REFERRAL_FINDINGS: dict[str, tuple[str, str, str]] = {
    "Dorothy Hale": (
        "emergency_department",
        "confirmed",
        "Emergency MRI: cauda equina compression at L4/5; decompressed the same night.",
    ),
    "Frank Mercer": ("emergency_department", "not_confirmed", "Ultrasound Doppler: no deep vein thrombosis."),
    "Rosa Alvarez": ("gp", "not_known_yet", "GP ordered bloods and an X-ray; results awaited."),
    "Eileen Murphy": (
        "emergency_department",
        "confirmed",
        "X-ray: calcaneal fracture; boot for six weeks.",
    ),
    "Victor Stanescu": ("", "not_confirmed", "GP review: power normal on repeat testing; no further referral."),
}
