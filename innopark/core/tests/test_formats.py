"""Dates and numbers in each language: the Kazakh format module and core's Kazakh calendar words."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2018, 6, 13)
MOMENT = datetime.datetime(2018, 6, 13, 14, 30, tzinfo=ZoneInfo("Asia/Almaty"))


def render(template: str, lang: str, **context) -> str:
    with translation.override(lang):
        return Template(template).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "long", "short"),
    [
        ("kk", "2018 ж. 13 маусым", "13.06.2018"),
        ("ru", "13 июня 2018 г.", "13.06.2018"),
        ("en", "June 13, 2018", "06/13/2018"),
    ],
)
def test_date_filter_in_each_language(lang, long, short):
    assert render("{{ d|date }}", lang, d=DAY) == long
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', lang, d=DAY) == short


def test_kazakh_month_names_are_lower_case_in_running_text_for_every_month():
    expected = [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ]
    for month, name in enumerate(expected, start=1):
        assert render("{{ d|date }}", "kk", d=datetime.date(2025, month, 1)) == f"2025 ж. 1 {name}"


def test_kazakh_datetime_and_other_formats():
    assert render("{{ t }}", "kk", t=MOMENT) == "2018 ж. 13 маусым, 14:30"
    assert render('{{ t|date:"SHORT_DATETIME_FORMAT" }}', "kk", t=MOMENT) == "13.06.2018 14:30"
    assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', "kk", d=DAY) == "2018 ж. маусым"
    assert render('{{ d|date:"MONTH_DAY_FORMAT" }}', "kk", d=DAY) == "13 маусым"
    # Django's own kk catalogue abbreviates Tuesday as "Сб" and Saturday as "Сн"; core's catalogue corrects them.
    assert render('{{ d|date:"D" }}', "kk", d=datetime.date(2025, 6, 17)) == "Сс"
    assert render('{{ d|date:"D" }}', "kk", d=datetime.date(2025, 6, 21)) == "Сб"
    assert render('{{ d|date:"l" }}', "kk", d=datetime.date(2025, 6, 20)) == "Жұма"


def test_kazakh_number_format():
    with translation.override("kk"):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
        assert formats.get_format("THOUSAND_SEPARATOR") == "\u00a0"
        assert formats.get_format("NUMBER_GROUPING") == 3
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert formats.number_format(1234567.5, decimal_pos=1, force_grouping=True) == "1\u00a0234\u00a0567,5"
    assert render("{% load humanize %}{{ n|intcomma }}", "kk", n=1722600000) == "1\u00a0722\u00a0600\u00a0000"


class DateForm(forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField()


@pytest.mark.parametrize("typed", ["13.06.2018", "13.06.18", "2018-06-13"])
def test_kazakh_date_input_formats(typed):
    with translation.override("kk"):
        form = DateForm(data={"day": typed, "at": "13.06.2018 14:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == DAY
    assert form.cleaned_data["at"] == MOMENT


def test_russian_dates_keep_djangos_russian_forms():
    assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', "ru", d=DAY) == "Июнь 2018 г."
    assert render('{{ d|date:"D" }}', "ru", d=datetime.date(2025, 6, 17)) == "Вт"
