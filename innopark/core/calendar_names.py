"""Kazakh calendar words that Django's own kk catalogue gets wrong or lacks, harvested into core's catalogue.

Django's kk translation capitalises month names everywhere and has some wrong weekday abbreviations ("Сб" for
Tuesday, "Жума" for "Жұма"). Core's kk catalogue overrides them (app catalogues take precedence over Django's):
the "alt. month" names, used by the kk long date format (`2018 ж. 13 маусым`), are lower case as in running
Kazakh text. This module only marks the strings for makemessages; nothing imports it at run time.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

ALT_MONTHS = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
WEEKDAYS = [
    gettext_noop("Friday"),
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
