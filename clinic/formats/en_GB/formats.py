"""British English date formats with 24-hour times: Django's en-GB locale shows "1:30 p.m." in admin
(DATETIME_FORMAT "N j, Y, P"); clinics read "13:30". Only what differs from Django's locale is here."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"  # "Monday 9 March 2026, 14:00": patient pages and admin alike
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
