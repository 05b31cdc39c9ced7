"""Certificate reissue (ADR 0023): a new number, the old certificate "replaced" and naming the new one on the public
verification page and API, the new PDF in kk and ru, audited; only the zone's operator staff (or the authority in
force, or a platform admin) may reissue."""

import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.notifications.models import Notification
from innopark.registry import selectors, services
from innopark.registry.certificates import certificate_pdf
from innopark.registry.models import Certificate
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(world):
    return f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2016, 3, 1))


def test_reissue_gives_a_new_number_and_replaces_the_old(world, participant):
    old = participant.certificates.get()
    new = services.certificate_reissue(actor=world.staff, certificate=old, reason="name_change", note="Новое имя")
    assert new.number != old.number and new.replaces == old and new.reissue_reason == "name_change"
    assert old.replaced_by == new and participant.current_certificate == new
    assert selectors.certificate_state(old) == "replaced"
    assert selectors.certificate_state(new) == "valid"
    participant.refresh_from_db()
    assert participant.status == "active"  # no workflow transition
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "participant.certificate_reissued"
    assert event.after == {
        "certificate": new.number,
        "replaces": old.number,
        "reason": "name_change",
        "note": "Новое имя",
    }
    assert Notification.objects.filter(recipient=world.rep, kind="registry.certificate_reissued").exists()


def test_new_pdf_is_in_kazakh_and_russian(world, participant):
    import re

    from innopark.registry.certificates import verification_url

    new = services.certificate_reissue(actor=world.staff, certificate=participant.certificates.get(), reason="lost")
    data = certificate_pdf(new)
    assert data[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 2  # a Kazakh page and a Russian page
    assert verification_url(new).encode() in data


def test_reissue_is_refused_to_others_and_for_bad_input(world, participant):
    old = participant.certificates.get()
    for outsider in (world.rep, world.other_staff, world.expert, world.other_rep):
        with pytest.raises(NotAllowed):
            services.certificate_reissue(actor=outsider, certificate=old, reason="lost")
    with pytest.raises(ApplicationError) as caught:
        services.certificate_reissue(actor=world.staff, certificate=old, reason="boredom")
    assert "reason" in caught.value.fields
    with pytest.raises(ApplicationError) as caught:
        services.certificate_reissue(actor=world.staff, certificate=old, reason="lost", issued_on=dt.date(2015, 1, 1))
    assert "issued_on" in caught.value.fields
    assert Certificate.objects.count() == 1
    services.certificate_reissue(actor=world.officer, certificate=old, reason="lost")
    with pytest.raises(Conflict) as caught:
        services.certificate_reissue(actor=world.staff, certificate=old, reason="lost")
    assert caught.value.code == "already_replaced"


def test_an_excluded_participant_certificate_is_not_reissued(world, participant):
    services.participant_exclude(actor=world.staff, participant=participant, on=dt.date(2020, 1, 1), grounds="Ст. 9")
    with pytest.raises(Conflict) as caught:
        services.certificate_reissue(actor=world.staff, certificate=participant.certificates.get(), reason="lost")
    assert caught.value.code == "not_reissuable"


def _once(client, url) -> str:
    html = client.get(url).content.decode()
    marker = 'name="once" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_reissue_page_action_and_verification_pages(world, participant, client):
    old = participant.certificates.get()
    purl = f"/register/participants/{participant.pk}/"
    url = f"{purl}certificates/{old.number}/reissue/"
    assert client.post(url, {"reason": "lost"}).status_code == 302  # anonymous: to the login page
    client.force_login(world.rep)
    assert 'data-action="reissue"' not in client.get(purl).content.decode()
    assert client.post(url, {"reason": "lost"}).status_code == 403
    client.force_login(world.other_staff)
    assert client.post(url, {"reason": "lost"}).status_code == 404
    assert Certificate.objects.count() == 1
    client.force_login(world.staff)
    page = client.get(purl).content.decode()
    assert 'data-action="reissue"' in page
    bad = client.post(url, {"once": _once(client, purl), "reason": "whim"})
    assert bad.status_code == 400 and Certificate.objects.count() == 1
    response = client.post(url, {"once": _once(client, purl), "reason": "data_correction", "note": "ОКЭД"})
    assert response.status_code == 302
    new = Certificate.objects.get(replaces=old)
    page = client.get(purl).content.decode()
    assert new.number in page and old.number in page
    pdf = client.get(f"{purl}certificates/{new.number}.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    client.logout()
    for lang in ("kk", "ru", "en"):
        client.cookies["innopark_language"] = lang
        old_page = client.get(f"/register/verify/{old.number}")
        html = old_page.content.decode()
        assert old_page.status_code == 200 and 'data-state="replaced"' in html
        assert f'data-replaced-by="{new.number}"' in html and f"/register/verify/{new.number}" in html
        new_page = client.get(f"/register/verify/{new.number}").content.decode()
        assert 'data-state="valid"' in new_page and old.number in new_page


def test_reissue_api_and_public_verification_api(world, participant, client):
    old = participant.certificates.get()
    url = f"/api/v1/participants/{participant.pk}/certificates/{old.number}/reissue"
    assert client.post(url, {"reason": "lost"}, content_type="application/json").status_code == 401
    client.force_login(world.rep)
    assert client.post(url, {"reason": "lost"}, content_type="application/json").status_code == 403
    client.force_login(world.other_staff)
    assert client.post(url, {"reason": "lost"}, content_type="application/json").status_code == 404
    client.force_login(world.staff)
    missing = f"/api/v1/participants/{participant.pk}/certificates/NOPE-1/reissue"
    assert client.post(missing, {"reason": "lost"}, content_type="application/json").status_code == 404
    bad = client.post(url, {"reason": "whim"}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    body = client.post(url, {"reason": "lost"}, content_type="application/json").json()
    new_number = body["certificate_number"]
    assert new_number != old.number
    again = client.post(url, {"reason": "lost"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_replaced"
    client.logout()
    old_out = client.get(f"/api/v1/certificates/{old.number}").json()
    assert old_out["state"] == "replaced" and old_out["replaced_by"] == new_number
    new_out = client.get(f"/api/v1/certificates/{new_number}").json()
    assert new_out["state"] == "valid" and new_out["replaces"] == old.number and new_out["replaced_by"] is None
