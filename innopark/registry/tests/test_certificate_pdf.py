import pytest

from innopark.core.pdf import FONT_DIR, new_pdf, pdf_bytes
from innopark.registry.certificates import certificate_pdf, verification_url
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def test_fonts_and_licence_ship_with_the_project():
    assert (FONT_DIR / "DejaVuSans.ttf").is_file() and (FONT_DIR / "DejaVuSans-Bold.ttf").is_file()
    assert (FONT_DIR / "DejaVu-LICENSE.txt").is_file()


def test_new_pdf_renders_kazakh_letters():
    pdf = new_pdf(title="test")
    pdf.add_page()
    pdf.cell(text="Қатысушы куәлігі: ӘҒҚҢӨҰҮҺІ әғқңөұүһі")
    assert pdf_bytes(pdf)[:5] == b"%PDF-"


def test_certificate_pdf_has_two_pages_and_the_verification_address(world):
    participant = f.make_participant(world.admin, world.org, world.zone)
    certificate = participant.certificates.get()
    data = certificate_pdf(certificate)
    assert data[:5] == b"%PDF-"
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>") >= 1
    assert verification_url(certificate).endswith(f"/register/verify/{certificate.number}")
    assert verification_url(certificate).encode() in data
