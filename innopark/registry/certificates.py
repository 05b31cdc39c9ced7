"""The participant's certificate as a PDF: a page in Kazakh and a page in Russian, with the certificate number,
the register entry and the address where anyone can verify it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from innopark.core.pdf import FONT, new_pdf, pdf_bytes


def verification_url(certificate) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('registry:verify', args=[certificate.number])}"


def _line(pdf, height: float, text: str, **kwargs) -> None:
    # Each block starts again at the left margin on the next line.
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", **kwargs)


def _page(pdf, certificate, lang: str) -> None:
    participant = certificate.participant
    organization = participant.organization
    zone = participant.zone
    with translation.override(lang):
        pdf.add_page()
        pdf.set_font(FONT, "B", 18)
        _line(pdf, 10, _("Certificate of a participant of a special economic zone"), align="C")
        pdf.ln(4)
        pdf.set_font(FONT, "", 12)
        _line(
            pdf,
            8,
            _("No. %(number)s of %(date)s")
            % {
                "number": certificate.number,
                "date": certificate.issued_on.strftime("%d.%m.%Y"),
            },
            align="C",
        )
        pdf.ln(8)
        name = getattr(organization, f"name_{lang}") or organization.name_ru
        zone_name = getattr(zone, f"name_{lang}") or zone.name_ru
        lines = [
            (_("Participant"), name),
            (_("BIN"), organization.bin or organization.foreign_registration_number),
            (_("Zone"), f"{zone_name} ({zone.code})"),
            (_("Priority activity (OKED)"), participant.oked),
            (
                _("Entry in the unified register"),
                f"{participant.register_entry_number} — "
                f"{participant.registered_on.strftime('%d.%m.%Y') if participant.registered_on else ''}",
            ),
        ]
        if certificate.replaces_id:
            lines.append((_("Issued in place of certificate No."), certificate.replaces.number))
        agreement = getattr(participant, "agreement", None)
        if agreement is not None:
            lines.append((_("Activity agreement"), f"{agreement.number} — {agreement.signed_on.strftime('%d.%m.%Y')}"))
        for label, value in lines:
            pdf.set_font(FONT, "B", 11)
            _line(pdf, 7, label)
            pdf.set_font(FONT, "", 11)
            _line(pdf, 7, str(value))
            pdf.ln(1)
        pdf.ln(6)
        pdf.set_font(FONT, "", 10)
        _line(pdf, 6, _("Check that this certificate is valid at:"))
        pdf.set_text_color(0, 0, 160)
        url = verification_url(certificate)
        _line(pdf, 6, url, link=url)
        pdf.set_text_color(0, 0, 0)


def certificate_pdf(certificate) -> bytes:
    pdf = new_pdf(title=f"{certificate.number}")
    for lang in ("kk", "ru"):
        _page(pdf, certificate, lang)
    return pdf_bytes(pdf)
