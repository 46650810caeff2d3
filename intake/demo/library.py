"""The demo clinic's exercise library and plan templates, written from the rules' plan items
(intake/rules/data.py) in the project's own plain words; a test keeps the two in agreement. Clinic admins edit them in
Django admin; doses marked "confirm" in staff notes are for the physiotherapist to check."""

from intake.models import ItemKind, TimeOfDay
from intake.rules import RULE_SET

# The rules' plan cautions, word for word, in the staff notes of the items they concern.
CAUTIONS = {caution.id: caution.caution for caution in RULE_SET.cautions}

E, A = ItemKind.EXERCISE, ItemKind.ADVICE

EXERCISES = [
    {
        "code": "PF-01",
        "name": "Understanding your heel pain",
        "kind": A,
        "patient_instructions": (
            "Heel pain like yours usually settles, but slowly: often over several months. Keep moving, "
            "but cut down for a while on long periods of standing and on jumping or running. Wear shoes "
            "with a cushioned heel, and if your weight is high, losing some helps your heels."
        ),
        "frequency": "read now and again at each review",
        "staff_notes": "Education: load management, footwear, weight if BMI high. MOR21; CPG14 risk factors.",
    },
    {
        "code": "PF-02",
        "name": "Sole-of-foot stretch",
        "kind": E,
        "patient_instructions": (
            "Sit down and cross the painful foot over your other knee. Hold your toes and gently pull them "
            "back towards your shin until you feel a stretch along the sole of your foot. Do the first set "
            "before you take your first steps in the morning, and again before you stand after a long sit."
        ),
        "sets": 1,
        "reps": 10,
        "hold_seconds": 10,
        "frequency": "3 times a day",
        "time_of_day": TimeOfDay.BEFORE_FIRST_STEPS,
        "duration": "at least 8 weeks",
        "staff_notes": "Plantar-fascia-specific stretch, DIG03/DIG06; dose from clinical practice, confirm.",
    },
    {
        "code": "PF-03",
        "name": "Calf stretch against a wall",
        "kind": E,
        "patient_instructions": (
            "Stand facing a wall with your hands on it. Put the painful leg behind you, heel down and knee "
            "straight, and lean in until you feel a stretch in the calf. Then bend the back knee a little, "
            "heel still down, to stretch lower in the calf."
        ),
        "sets": 3,
        "reps": 1,
        "hold_seconds": 20,
        "frequency": "2 to 3 times a day",
        "time_of_day": TimeOfDay.THROUGH_THE_DAY,
        "duration": "at least 8 weeks",
        "staff_notes": (
            "Gastrocnemius and soleus; CPG14 dose (3 x 20 s or 1 x 3 min), confirm; not alone (RAD07). Caution: "
            + CAUTIONS["CAUTION-NEURAL"]
        ),
    },
    {
        "code": "PF-04",
        "name": "Slow heel raises on a step",
        "kind": E,
        "patient_instructions": (
            "Stand on a step on the painful foot with a rolled towel under your toes, holding on for balance. "
            "Rise up on your toes over 3 seconds, hold 2 seconds, and lower over 3 seconds. If one leg is too "
            "hard, go up on both feet and come down on the painful one. Do this every second day."
        ),
        "sets": 3,
        "reps": 12,
        "frequency": "every second day",
        "time_of_day": TimeOfDay.ANY_TIME,
        "duration": "12 weeks",
        "staff_notes": (
            "High-load strength (RAT15): weeks 1-2 12RM x3, weeks 3-4 10RM x4 with backpack, 5+ 8RM x5. Caution: "
            + CAUTIONS["CAUTION-FALLS"]
        ),
    },
    {
        "code": "PF-06",
        "name": "Night splint",
        "kind": A,
        "patient_instructions": (
            "Wear the splint at night to keep your foot gently bent upwards while you sleep. It helps if "
            "your first steps in the morning are still painful."
        ),
        "frequency": "every night",
        "time_of_day": TimeOfDay.NIGHT,
        "duration": "1 to 3 months",
        "staff_notes": "Night splint for persistent first-step pain; CPG14/CPG23 grade A (from guideline summaries).",
    },
    {
        "code": "PF-07",
        "name": "Supportive shoes and insoles",
        "kind": A,
        "patient_instructions": (
            "Wear shoes with a cushioned heel and support under the arch, indoors too. Avoid walking barefoot "
            "on hard floors. A ready-made insole from a pharmacy or sports shop is a good start."
        ),
        "frequency": "every day",
        "time_of_day": TimeOfDay.THROUGH_THE_DAY,
        "staff_notes": (
            "Footwear and prefabricated insole with exercises; custom orthoses if no progress by ~12 weeks (MOR21)."
        ),
    },
    {
        "code": "PFC-01",
        "name": "Back-of-thigh stretch",
        "kind": E,
        "patient_instructions": (
            "Lie on your back with a towel or strap around the sole of your foot. Keeping the knee straight, "
            "slowly lift the leg until you feel a gentle stretch in the back of your thigh, then hold."
        ),
        "sets": 3,
        "reps": 1,
        "hold_seconds": 30,
        "frequency": "once or twice a day",
        "time_of_day": TimeOfDay.ANY_TIME,
        "duration": "6 to 8 weeks",
        "staff_notes": (
            "Hamstring stretch; rationale LAB11/BOL13 (association only); dose has no source, confirm. Caution: "
            + CAUTIONS["CAUTION-NEURAL"]
        ),
    },
    {
        "code": "PFC-02",
        "name": "Bridges and side-lying leg lifts",
        "kind": E,
        "patient_instructions": (
            "Bridges: lie on your back with knees bent, squeeze your buttocks and lift your hips, then lower "
            "slowly. Side-lying leg lifts: lie on your side and lift the top leg a little way, toes forward."
        ),
        "sets": 3,
        "reps": 12,
        "frequency": "3 times a week",
        "time_of_day": TimeOfDay.ANY_TIME,
        "duration": "6 to 8 weeks",
        "staff_notes": "Optional gluteal strengthening; KAM16 found no added benefit over stretching; dose unsourced.",
    },
    {
        "code": "PFC-03",
        "name": "Even steps when walking",
        "kind": A,
        "patient_instructions": (
            "As your heel settles, practise walking with even steps: land on the heel, roll through the foot "
            "and push off from the toes, at a comfortable pace."
        ),
        "frequency": "during your daily walking",
        "time_of_day": TimeOfDay.THROUGH_THE_DAY,
        "staff_notes": "Walking cue; rationale PHI17 (heel off-loading); intervention itself unsourced.",
    },
    {
        "code": "HS-01",
        "name": "Gentle start after a thigh strain",
        "kind": A,
        "patient_instructions": (
            "For the first days, do not run fast or stretch hard. Walk normally as far as the pain allows. "
            "Gently tighten the back-of-thigh muscles without moving the leg, stopping short of pain."
        ),
        "frequency": "every day",
        "time_of_day": TimeOfDay.THROUGH_THE_DAY,
        "duration": "the first days",
        "staff_notes": "Early phase, pain-free isometrics (HEI10).",
    },
    {
        "code": "HS-02",
        "name": "The extender",
        "kind": E,
        "patient_instructions": (
            "Lie on your back, hold the back of your thigh so the hip is bent at a right angle, and slowly "
            "straighten the knee until just short of pain. Lower slowly."
        ),
        "sets": 3,
        "reps": 12,
        "frequency": "twice a day",
        "duration": "until back to sport",
        "staff_notes": "Askling L-protocol (ASK13/ASK14); doses from the trial protocol, confirm.",
    },
    {
        "code": "HS-03",
        "name": "The diver",
        "kind": E,
        "patient_instructions": (
            "Stand on the injured leg with the knee slightly bent. Lean forward from the hips with your arms "
            "out in front while the other leg lifts behind you, back straight, then return."
        ),
        "sets": 3,
        "reps": 6,
        "frequency": "every other day",
        "duration": "until back to sport",
        "staff_notes": "Askling L-protocol; dose from the trial protocol, confirm.",
    },
    {
        "code": "HS-04",
        "name": "The glider",
        "kind": E,
        "patient_instructions": (
            "Hold on to something steady. Standing on the injured leg, slide the other foot backwards on a "
            "smooth floor (a towel helps), controlling the movement, then pull back with your arms."
        ),
        "sets": 3,
        "reps": 4,
        "frequency": "every third day",
        "duration": "until back to sport",
        "staff_notes": "Askling L-protocol; dose from the trial protocol, confirm.",
    },
    {
        "code": "HS-05",
        "name": "Building back to running",
        "kind": A,
        "patient_instructions": (
            "Your physiotherapist will build up your running, turning and trunk exercises step by step, "
            "and check that the leg feels secure before you return to sport."
        ),
        "frequency": "as agreed with your physiotherapist",
        "staff_notes": "Progressive running and agility (HEI10); return check with the H-test (ASK10).",
    },
    {
        "code": "SCI-01",
        "name": "Keep active",
        "kind": A,
        "patient_instructions": (
            "Keep doing your normal activities and work as far as you can, and avoid bed rest. Most people "
            "with this kind of leg pain get better over a few weeks."
        ),
        "frequency": "every day",
        "time_of_day": TimeOfDay.THROUGH_THE_DAY,
        "staff_notes": "NG59: stay active; about 50% better in 10 days, 75% by 4 weeks (KOE07, secondary).",
    },
    {
        "code": "SCI-02",
        "name": "Exercise programme",
        "kind": E,
        "patient_instructions": (
            "Your physiotherapist will give you a set of exercises to do at home and will adjust them with you."
        ),
        "frequency": "as agreed with your physiotherapist",
        "staff_notes": "NG59 exercise programme (any type); manual therapy only as part of it (SCI-03).",
    },
    {
        "code": "SCI-06",
        "name": "When to go to the emergency department",
        "kind": A,
        "patient_instructions": (
            "Go to the emergency department straight away if you get new trouble passing urine, lose control "
            "of your bladder or bowels, feel numb between your legs or around your bottom, or get pain, "
            "numbness or weakness in both legs."
        ),
        "frequency": "keep this with you",
        "time_of_day": TimeOfDay.ANY_TIME,
        "staff_notes": "Cauda equina safety-net (GIRFT23). Do not offer insoles, belts or TENS for the back (NG59).",
    },
]

TEMPLATES = [
    {
        "pathway": "pf_only",
        "name": "Heel pain: stretching, strength and footwear",
        "description": "Education, sole-of-foot and calf stretching, "
        "heel raises, night splint if first-step pain persists, footwear. Reassess at 4-6 weeks.",
        "codes": ["PF-01", "PF-02", "PF-03", "PF-04", "PF-06", "PF-07"],
    },
    {
        "pathway": "pf_compensation",
        "name": "Heel pain with back-of-thigh overload",
        "description": "The heel plan plus hamstring stretching, gluteal strengthening and a walking cue "
        "(the PFC items). Re-triage if the thigh pain becomes sharp, shooting or sudden.",
        "codes": ["PF-01", "PF-02", "PF-03", "PF-04", "PF-06", "PF-07", "PFC-01", "PFC-02", "PFC-03"],
    },
    {
        "pathway": "hamstring_strain",
        "name": "Back-of-thigh strain: lengthening programme",
        "description": "Early protection, the Askling lengthening exercises, graded return. Reassess at about 1 week.",
        "codes": ["HS-01", "HS-02", "HS-03", "HS-04", "HS-05"],
    },
    {
        "pathway": "sciatica",
        "name": "Nerve-related leg pain: keep active",
        "description": "Stay active, exercise programme, cauda equina safety-net. Reassess at "
        "2-4 weeks; escalate if not improving at 6-8 weeks.",
        "codes": ["SCI-01", "SCI-02", "SCI-06"],
    },
]
