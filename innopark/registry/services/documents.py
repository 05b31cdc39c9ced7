"""Application documents: PDF and images only (checked by their first bytes, not their name), size-limited,
stored under PRIVATE_MEDIA_ROOT/registry and served only through a view that checks permission."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.registry.events import RegistryEvent
from innopark.registry.models import AdmissionApplication, ApplicationDocument
from innopark.registry.permissions import require_representative
from innopark.registry.services._common import record, refuse
from innopark.registry.workflow import EDITABLE_APPLICATION_STATES

MAGIC = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


def private_storage() -> FileSystemStorage:
    # Read at call time so that tests (and deployments) may point PRIVATE_MEDIA_ROOT elsewhere.
    return FileSystemStorage(location=str(settings.PRIVATE_MEDIA_ROOT / "registry"))


def sniff_type(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


def read_upload(upload) -> bytes:
    """Read an uploaded file, refusing it as soon as it is larger than MAX_UPLOAD_BYTES."""
    limit = settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _too_large(limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        _too_large(limit)
    return data


def _too_large(limit: int):
    refuse(
        "file",
        _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
        "file_too_large",
    )


@transaction.atomic
def document_upload(
    *, actor, application: AdmissionApplication, name: str, data: bytes, kind: str = ApplicationDocument.Kind.OTHER
) -> ApplicationDocument:
    application = AdmissionApplication.objects.select_for_update().get(pk=application.pk)
    if len(data) == 0:
        refuse("file", _("The file is empty."), "file_empty")
    if len(data) > settings.MAX_UPLOAD_BYTES:
        _too_large(settings.MAX_UPLOAD_BYTES)
    sniffed = sniff_type(data[:16])
    if sniffed is None:
        refuse("file", _("Only PDF, PNG and JPEG files are accepted."), "file_type")
    if kind not in ApplicationDocument.Kind.values:
        refuse("kind", _("Unknown kind of document."), "invalid")
    if application.status not in EDITABLE_APPLICATION_STATES:
        refuse("file", _("Documents can be added only to a draft or a returned application."), "not_editable")
    require_representative(actor, application.organization)
    content_type, extension = sniffed
    storage_name = private_storage().save(f"{application.pk}/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    # Should the transaction roll back after this point, the file stays as an orphan with no row pointing to it:
    # harmless (never served, since serving goes through the row) and cheaper than a two-phase dance.
    document = ApplicationDocument.objects.create(
        application=application,
        kind=kind,
        original_name=(name or "document")[-255:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        RegistryEvent.DOCUMENT_UPLOADED,
        actor=actor,
        subject=application,
        zone_code=application.zone.code,
        after={"document": document.pk, "name": document.original_name, "sha256": document.sha256},
    )
    return document


def document_open(document: ApplicationDocument):
    return private_storage().open(document.storage_name, "rb")
