# "3 March 2026" and "Tuesday 3 March 2026, 14:00", as the patient pages always wrote them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
