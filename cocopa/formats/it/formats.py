"""Italian dates as people write them: "15 dicembre 2026", "martedì 15 dicembre 2026, 18:00".

Django's own Italian formats pad the day ("05 dicembre") and leave out the comma before the
hour; month and weekday names are in lower case through cocopa/locale (core/vendor_msgids.py).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
