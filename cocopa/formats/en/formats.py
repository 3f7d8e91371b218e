"""English for a network in Italy: British order and a 24-hour clock ("15 December 2026",
"Tuesday 15 December 2026, 18:00", "15/12/2026"), so that a day reads the same in both languages
and 03/04 never means March to one reader and April to another. Django's own English formats
are American ("Dec. 15, 2026", "12/15/2026", "6 p.m.")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
