"""An ApplicationError raised by a service reaches the API and the page in the user's language."""

import pytest
from django.core.exceptions import ValidationError

from innopark.core.errors import ApplicationError, Conflict, NotAllowed, NotFound
from innopark.core.models import FormSubmission

pytestmark = [pytest.mark.urls("innopark.core.tests.error_urls"), pytest.mark.django_db]

RU_CHECK_DIGIT = "Контрольная цифра этого БИН неверна: в номере опечатка."
KK_CHECK_DIGIT = "Бұл БСН бақылау цифры қате: нөмірде қате жіберілген."
EN_CHECK_DIGIT = "The check digit of this BIN is wrong: the number has a typo."


@pytest.mark.parametrize(
    ("accept", "message", "field_message"),
    [
        ("ru", "Запрос не может быть выполнен.", RU_CHECK_DIGIT),
        ("kk", "Сұрауды орындау мүмкін болмады.", KK_CHECK_DIGIT),
        ("en", "The request could not be carried out.", EN_CHECK_DIGIT),
        ("ru-RU,ru;q=0.9,en;q=0.5", "Запрос не может быть выполнен.", RU_CHECK_DIGIT),
    ],
)
def test_api_error_body_is_in_the_requests_language(client, accept, message, field_message):
    response = client.post(
        "/test-core/api/check",
        {"bin": "940140000380"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=accept,
    )
    assert response.status_code == 400
    assert response.json() == {"code": "bin_check_digit", "message": message, "fields": {"bin": [field_message]}}


def test_api_error_codes_are_stable_whatever_the_language(client):
    codes = {
        lang: client.post(
            "/test-core/api/check", {"bin": "12345"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
        ).json()["code"]
        for lang in ("kk", "ru", "en")
    }
    assert set(codes.values()) == {"bin_length"}


def test_api_schema_errors_are_in_the_same_shape_and_language(client):
    response = client.post("/test-core/api/check", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "Некоторые поля заполнены неверно."
    assert "bin" in body["fields"]


def test_api_accepts_a_valid_value(client):
    response = client.post("/test-core/api/check", {"bin": " 940140000385 "}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"bin": "940140000385"}


def get_form(client, lang):
    client.cookies["innopark_language"] = lang
    response = client.get("/test-core/check/")
    assert response.status_code == 200
    return response.context["form"].initial["once"]


@pytest.mark.parametrize(("lang", "message"), [("ru", RU_CHECK_DIGIT), ("kk", KK_CHECK_DIGIT), ("en", EN_CHECK_DIGIT)])
def test_page_form_shows_the_services_refusal_on_the_field_in_the_users_language(client, lang, message):
    once = get_form(client, lang)
    response = client.post("/test-core/check/", {"bin": "940140000380", "once": once})
    assert response.status_code == 400
    assert response.context["form"].errors["bin"] == [message]
    assert message in response.content.decode()
    # A refused write leaves the one-time token unused, so the corrected form can be posted.
    assert not FormSubmission.objects.filter(token=once).exists()
    response = client.post("/test-core/check/", {"bin": "940140000385", "once": once})
    assert response.status_code == 200
    assert FormSubmission.objects.filter(token=once).count() == 1


def test_page_form_posted_twice_is_refused_the_second_time(client):
    once = get_form(client, "ru")
    assert client.post("/test-core/check/", {"bin": "940140000385", "once": once}).status_code == 200
    response = client.post("/test-core/check/", {"bin": "940140000385", "once": once})
    assert response.status_code == 400
    assert "Эта форма уже была отправлена; повторная отправка ничего не изменила." in response.content.decode()
    assert FormSubmission.objects.count() == 1


def test_error_classes_carry_status_code_and_default_message():
    assert (NotFound().status, NotFound().code) == (404, "not_found")
    assert (NotAllowed().status, NotAllowed().code) == (403, "forbidden")
    assert (Conflict().status, Conflict().code) == (409, "conflict")
    error = ApplicationError("x", code="custom", fields={"amount": "too big", "rows": ["row 2", "row 3"]})
    assert error.as_dict() == {
        "code": "custom",
        "message": "x",
        "fields": {"amount": ["too big"], "rows": ["row 2", "row 3"]},
    }


def test_from_validation_error_keeps_fields_and_non_field_messages():
    error = ApplicationError.from_validation_error(
        ValidationError({"bin": ["wrong"], "__all__": ["both dates are needed"]}), code="organization_invalid"
    )
    assert error.code == "organization_invalid"
    assert error.message == "both dates are needed"
    assert error.fields == {"bin": ["wrong"], "__all__": ["both dates are needed"]}
    simple = ApplicationError.from_validation_error(ValidationError("plain"))
    assert (simple.message, simple.fields) == ("plain", {})


@pytest.mark.parametrize(
    ("payload", "lang", "message"),
    [
        ({}, "ru", "Обязательное поле."),
        ({}, "kk", "Міндетті өріс."),
        ({}, "en", "This field is required."),
        ({"bin": 5}, "ru", "Введите текст."),
    ],
)
def test_api_schema_error_messages_are_translated(client, payload, lang, message):
    response = client.post("/test-core/api/check", payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 422
    assert response.json()["fields"] == {"bin": [message]}


def test_schema_error_message_uses_the_constraint_and_falls_back_for_unknown_types():
    from django.utils import translation

    from innopark.core.schema_messages import schema_error_message

    with translation.override("ru"):
        assert schema_error_message({"type": "string_too_long", "ctx": {"max_length": 64}}) == (
            "Введите не более 64 символов."
        )
        assert schema_error_message({"type": "something_new"}) == "Неверное значение."
        assert schema_error_message({"type": "value_error", "msg": "Value error, Дата вне периода."}) == (
            "Дата вне периода."
        )
