import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.registry import services
from innopark.registry.models import ApplicationDocument
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(world):
    return f.make_application(world.rep, world.org, world.zone)


def test_a_pdf_is_stored_outside_the_web_root(world, application, private_media):
    document = services.document_upload(actor=world.rep, application=application, name="plan.pdf", data=f.PDF_BYTES)
    assert document.content_type == "application/pdf"
    assert (private_media / "registry" / document.storage_name).read_bytes() == f.PDF_BYTES


def test_the_real_type_counts_not_the_name(world, application):
    document = services.document_upload(actor=world.rep, application=application, name="scan.pdf", data=f.PNG_BYTES)
    assert document.content_type == "image/png"
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.document_upload(actor=world.rep, application=application, name="plan.pdf", data=b"MZ\x90\x00exe")
    assert caught.value.code == "file_type" and "file" in caught.value.fields
    assert AuditEvent.objects.count() == before


def test_too_large_and_empty_files_are_refused(world, application, settings):
    settings.MAX_UPLOAD_BYTES = 100
    for data, code in ((f.PDF_BYTES + b"x" * 200, "file_too_large"), (b"", "file_empty")):
        with pytest.raises(ApplicationError) as caught:
            services.document_upload(actor=world.rep, application=application, name="a.pdf", data=data)
        assert caught.value.code == code
    assert not ApplicationDocument.objects.exists()


def test_only_the_representative_uploads_and_only_while_editable(world, application):
    with pytest.raises(NotAllowed):
        services.document_upload(actor=world.other_rep, application=application, name="a.pdf", data=f.PDF_BYTES)
    services.document_upload(actor=world.rep, application=application, name="a.pdf", data=f.PDF_BYTES)
    services.application_submit(actor=world.rep, application=application)
    with pytest.raises(ApplicationError):
        services.document_upload(actor=world.rep, application=application, name="b.pdf", data=f.PDF_BYTES)


def test_documents_are_served_only_to_those_allowed(world, application, client):
    document = services.document_upload(actor=world.rep, application=application, name="a.pdf", data=f.PDF_BYTES)
    url = f"/register/documents/{document.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for outsider in (world.other_rep, world.other_staff, world.expert):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for insider in (world.rep, world.staff, world.officer, world.admin):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == f.PDF_BYTES
