# "3 de marzo de 2026" and "martes 3 de marzo de 2026, 14:00".
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
