"""Kazakh date and number formats (Django ships a kk translation but no kk format module).

Long dates follow Kazakh usage, year first: `2018 ж. 13 маусым` ("ж." is "жыл", year). The month in running
text is written in lower case, so the long forms use the "alt. month" names (`E`), which core's kk catalogue
gives in lower case; `F` keeps the capitalised stand-alone name. Numbers group with a no-break space and use a
decimal comma, as in Russian.
"""

DATE_FORMAT = "Y ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y ж. j E, H:i"
YEAR_MONTH_FORMAT = "Y ж. E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Python strftime syntax; the first is what date widgets show.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 13.06.2018
    "%d.%m.%y",  # 13.06.18
    "%Y-%m-%d",  # 2018-06-13 (ISO, what <input type="date"> sends)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 13.06.2018 14:30
    "%d.%m.%Y %H:%M:%S",  # 13.06.2018 14:30:59
    "%d.%m.%Y %H:%M:%S.%f",  # 13.06.2018 14:30:59.000200
    "%d.%m.%y %H:%M",  # 13.06.18 14:30
    "%d.%m.%y %H:%M:%S",  # 13.06.18 14:30:59
    "%Y-%m-%d %H:%M",  # 2018-06-13 14:30
    "%Y-%m-%d %H:%M:%S",  # 2018-06-13 14:30:59
    "%Y-%m-%dT%H:%M",  # 2018-06-13T14:30 (<input type="datetime-local">)
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
