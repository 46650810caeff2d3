"""Outcome measures: the questionnaires' items, scoring and minimal clinically important differences
(measures.py, plain Python with no Django imports, so a clinician can read it and tests run without a
database)."""
