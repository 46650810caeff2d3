"""About thirty realistic, fictional demo cases across every pathway, red flags included."""

NO_RED_FLAGS = {
    "bladder_bowel_change": False,
    "saddle_numbness": False,
    "both_legs": False,
    "sexual_dysfunction": False,
    "leg_weakness": False,
    "calf_swelling": False,
    "fever_unwell": False,
    "cancer_history": False,
    "weight_loss": False,
    "night_pain": False,
    "major_trauma": False,
    "cannot_bear_weight": False,
    "foot_red_hot_swollen": False,
    "calf_tender": False,
    "breathless_or_chest_pain": False,
    # The health background, all no.
    "diabetes": False,
    "immunosuppressed": False,
    "long_term_steroids": False,
    "osteoporosis": False,
    "anticoagulants": False,
    "inflammatory_features": False,
}

PF_HEEL = {
    "heel_pain": True,
    "heel_pain_site": "inner_underside",
    "first_step_pain": True,
    "pain_after_rest": True,
    "eases_with_walking": True,
    "heel_pain_score": 6,
    "heel_pain_weeks": 10,
    "heel_onset": "gradual",
    "calf_tightness": True,
    "foot_tingling": False,
    "unsupportive_footwear": True,
}

COMPENSATING_WALK = {"limping": True, "outer_edge_walking": True, "flat_quick_steps": True, "knee_kept_bent": True}
NORMAL_WALK = {"limping": False, "outer_edge_walking": False, "flat_quick_steps": False, "knee_kept_bent": False}

THIGH_OVERLOAD = {
    "thigh_pain": True,
    "thigh_onset": "gradual",
    "onset_activity": "none",
    "felt_pop": False,
    "thigh_pain_site": "whole_back_of_thigh",
    "thigh_pain_quality": "dull_tight_ache",
    "pain_below_knee": False,
    "leg_tingling": False,
    "bruising_or_swelling": False,
    "worse_sitting": False,
    "no_comfortable_position": False,
    "low_back_pain": False,
    "worse_cough_sneeze": False,
    "thigh_after_heel": True,
    "thigh_pain_score": 4,
    "thigh_pain_weeks": 5,
}

THIGH_STRAIN = {
    "thigh_pain": True,
    "thigh_onset": "sudden",
    "onset_activity": "sprinting",
    "felt_pop": False,
    "thigh_pain_site": "muscle_belly",
    "thigh_pain_quality": "sharp_localized",
    "pain_below_knee": False,
    "leg_tingling": False,
    "bruising_or_swelling": True,
    "worse_sitting": False,
    "no_comfortable_position": False,
    "low_back_pain": False,
    "worse_cough_sneeze": False,
    "thigh_after_heel": False,
    "thigh_pain_score": 7,
    "thigh_pain_weeks": 1,
}

THIGH_NERVE = {
    "thigh_pain": True,
    "thigh_onset": "gradual",
    "onset_activity": "lifting",
    "felt_pop": False,
    "thigh_pain_site": "buttock_to_thigh",
    "thigh_pain_quality": "shooting_or_burning",
    "pain_below_knee": True,
    "leg_tingling": True,
    "bruising_or_swelling": False,
    "worse_sitting": True,
    "no_comfortable_position": True,
    "low_back_pain": True,
    "worse_cough_sneeze": True,
    "thigh_after_heel": False,
    "thigh_pain_score": 8,
    "thigh_pain_weeks": 3,
}

NO_THIGH = {"thigh_pain": False}
NO_HEEL = {"heel_pain": False}


def about(age, side, activity, standing_hours, bmi=None):
    answers = {"age": age, "affected_side": side, "activity": activity, "standing_hours": standing_hours}
    if bmi is not None:
        answers["bmi"] = bmi
    return answers


def case(name, born, about_answers, *parts, **overrides):
    answers = dict(about_answers)
    for part in parts:
        answers.update(part)
    answers.update(overrides)
    return {"name": name, "date_of_birth": born, "answers": answers}


DEMO_CASES = [
    # Heel pain driving back-of-thigh overload
    case(
        "Margaret Ellison",
        "1968-03-02",
        about(56, "left", "walking", 8, 31),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
    ),
    case(
        "Derek Okafor",
        "1975-07-19",
        about(49, "right", "none", 10, 29),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
        heel_pain_score=8,
    ),
    case(
        "Siobhan Reilly",
        "1981-11-30",
        about(43, "left", "running", 4, 24),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
        knee_kept_bent=False,
    ),
    case(
        "Graham Pike",
        "1959-01-12",
        about(65, "right", "walking", 6, 33),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
        heel_pain_weeks=30,
    ),
    case(
        "Aisha Rahman",
        "1972-05-05",
        about(52, "left", "other", 9),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
        outer_edge_walking=False,
    ),
    case(
        "Tomasz Nowak",
        "1966-09-21",
        about(58, "right", "walking", 7, 30),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
    ),
    case(
        "Helen Marsh",
        "1970-02-14",
        about(54, "left", "none", 8, 35),
        PF_HEEL,
        COMPENSATING_WALK,
        THIGH_OVERLOAD,
        NO_RED_FLAGS,
        thigh_pain_score=6,
    ),
    # Heel pain only
    case(
        "Peter Lindqvist",
        "1964-04-08",
        about(60, "right", "running", 3, 26),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
    ),
    case(
        "Fatima Haddad", "1985-12-01", about(39, "left", "walking", 9, 32), PF_HEEL, NORMAL_WALK, NO_THIGH, NO_RED_FLAGS
    ),
    case(
        "Brian Coulter",
        "1957-06-17",
        about(67, "right", "none", 5, 28),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
        eases_with_walking=False,
    ),
    case(
        "Joanna Wells", "1990-08-23", about(34, "both", "running", 2, 22), PF_HEEL, NORMAL_WALK, NO_THIGH, NO_RED_FLAGS
    ),
    case(
        "Kwame Asante",
        "1979-10-10",
        about(45, "left", "other", 11, 31),
        PF_HEEL,
        {"limping": True},
        NO_THIGH,
        NO_RED_FLAGS,
    ),
    case(
        "Lucy Brennan",
        "1988-03-28",
        about(36, "right", "walking", 8),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
        heel_pain_site="arch",
    ),
    # Local hamstring strain
    case(
        "Callum Fraser",
        "2001-02-11",
        about(23, "right", "sprint_sport", 3, 23),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
    ),
    case(
        "Ruby Thompson",
        "1998-07-07",
        about(26, "left", "running", 2, 21),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
        onset_activity="lunging_or_stretching",
    ),
    case(
        "Oliver Grant",
        "1994-09-15",
        about(30, "right", "sprint_sport", 4, 25),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
        onset_activity="kicking",
    ),
    case(
        "Nadia Petrova",
        "1983-04-04",
        about(41, "left", "running", 8, 24),
        PF_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
    ),
    case(
        "Samuel Adeyemi",
        "2005-11-20",
        about(19, "right", "sprint_sport", 3),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
        bruising_or_swelling=False,
    ),
    # Sciatica (nerve-related)
    case(
        "Irene Kowalski",
        "1962-12-12",
        about(62, "left", "walking", 5, 29),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
    ),
    case(
        "Martin Hughes",
        "1971-03-03",
        about(53, "right", "other", 9, 30),
        PF_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
        foot_tingling=True,
    ),
    case(
        "Catherine Doyle",
        "1977-08-08",
        about(47, "left", "none", 7),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
        worse_cough_sneeze=False,
    ),
    case(
        "Ahmed Khalil",
        "1968-06-26",
        about(56, "right", "walking", 6, 27),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
        thigh_pain_site="whole_back_of_thigh",
    ),
    # Red flags (urgent referral)
    case(
        "Dorothy Hale",
        "1950-10-30",
        about(74, "both", "walking", 4, 27),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
        both_legs=True,
        saddle_numbness=True,
        bladder_bowel_change=True,
    ),
    case(
        "Frank Mercer",
        "1960-01-25",
        about(64, "left", "none", 6, 34),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
        calf_swelling=True,
    ),
    case(
        "Rosa Alvarez",
        "1955-05-16",
        about(69, "right", "walking", 3, 22),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
        cancer_history=True,
        night_pain=True,
        weight_loss=True,
    ),
    case(
        "Jack Turnbull",
        "1992-02-29",
        about(32, "left", "sprint_sport", 5, 26),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_STRAIN,
        NO_RED_FLAGS,
        felt_pop=True,
        thigh_pain_site="sitting_bone",
        onset_activity="lunging_or_stretching",
    ),
    case(
        "Eileen Murphy",
        "1948-07-04",
        about(76, "right", "walking", 4, 25),
        PF_HEEL,
        NORMAL_WALK,
        NO_THIGH,
        NO_RED_FLAGS,
        major_trauma=True,
        cannot_bear_weight=True,
    ),
    case(
        "Victor Stanescu",
        "1965-09-09",
        about(59, "left", "other", 8, 28),
        NO_HEEL,
        NORMAL_WALK,
        THIGH_NERVE,
        NO_RED_FLAGS,
        leg_weakness=True,
    ),
    # Too little to go on
    case("Hannah Cole", "1987-01-18", about(37, "left", "walking", 6), {"heel_pain": True}, NO_THIGH, NO_RED_FLAGS),
    case("George Barker", "1980-04-22", about(44, "right", "other", 7), NO_HEEL, {"thigh_pain": True}, NO_RED_FLAGS),
]

# A typical heel-and-thigh patient (the first demo case): the start page's time estimate and the
# questions-per-persona benchmark count the questions such a patient is asked.
TYPICAL_PATIENT = DEMO_CASES[0]["answers"]
