import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError
from innopark.core.identifiers import make_bin
from innopark.registry.models import Organization, Participant
from innopark.registry.services.imports import participants_import

pytestmark = pytest.mark.django_db

HEADER = (
    "bin,name_ru,name_kk,oked,zone,activity_oked,admitted_on,registered_on,register_entry_number,"
    "agreement_number,agreement_signed_on,agreement_valid_until,investment_tenge,jobs,certificate_number,"
    "certificate_issued_on\n"
)


def _csv(world, rows=None) -> bytes:
    b1, b2, b3 = (make_bin("1402", serial=n) for n in (301, 302, 303))
    rows = rows or [
        f"{b1},ТОО «Один»,«Бір» ЖШС,62010,test-itp,62010,2015-01-10,2015-02-01,2015-00901,D-1,2015-01-20,"
        f"2027-12-31,1500000,5,C-901,2015-02-01",
        f"{b2},ТОО «Два»,,62020,test-itp,62020,10.03.2016,01.04.2016,2016-00902,,,,,,,",
        f"{b3},ТОО «Только организация»,,,,,,,,,,,,,,",
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_import_creates_organizations_and_participants_and_a_second_run_changes_nothing(world):
    data = _csv(world)
    result = participants_import(actor=world.admin, data=data)
    assert (result.organizations_created, result.participants_created) == (3, 2)
    first = Participant.objects.get(register_entry_number="2015-00901")
    assert first.status == "active" and first.agreement.investment_tiyn == 150_000_000
    assert Participant.objects.get(register_entry_number="2016-00902").status == "registered"
    before = AuditEvent.objects.count()
    again = participants_import(actor=world.admin, data=data)
    assert (again.organizations_existing, again.participants_unchanged, again.participants_created) == (3, 2, 0)
    assert AuditEvent.objects.count() == before


def test_a_malformed_row_names_row_and_column_and_nothing_is_written(world):
    rows = [
        f"{make_bin('1402', serial=311)},ТОО «Хорошая»,,,,,,,,,,,,,,",
        "123456789012,ТОО «Плохой БИН»,,,,,,,,,,,,,,",
        f"{make_bin('1402', serial=312)},ТОО «Плохая дата»,,,test-itp,62010,2015-13-45,2015-02-01,X-1,,,,,,,",
    ]
    before = (AuditEvent.objects.count(), Organization.objects.count())
    with translation.override("en"), pytest.raises(ApplicationError) as caught:
        participants_import(actor=world.admin, data=_csv(world, rows))
    keys = " ".join(caught.value.fields)
    assert "row 3, column bin" in keys
    assert "row 4, column admitted_on" in keys
    assert (AuditEvent.objects.count(), Organization.objects.count()) == before


def test_a_refusal_by_a_service_rolls_the_whole_file_back(world):
    rows = [
        f"{make_bin('1402', serial=321)},ТОО «Первая»,,,,,,,,,,,,,,",
        # registered before admitted: refused by participant_import
        f"{make_bin('1402', serial=322)},ТОО «Вторая»,,,test-itp,62010,2016-05-01,2016-01-01,2016-00999,,,,,,,",
    ]
    before = Organization.objects.count()
    with translation.override("en"), pytest.raises(ApplicationError) as caught:
        participants_import(actor=world.admin, data=_csv(world, rows))
    assert any(key.startswith("row 3") for key in caught.value.fields)
    assert Organization.objects.count() == before


def test_unknown_columns_and_garbage_files_are_refused(world):
    with pytest.raises(ApplicationError) as caught:
        participants_import(actor=world.admin, data=b"bin,name_ru,colour\n")
    assert caught.value.code == "malformed_header"
    with pytest.raises(ApplicationError):
        participants_import(actor=world.admin, data=b"\xff\xfe\x00garbage")
    with pytest.raises(ApplicationError):
        participants_import(actor=world.admin, data=b"PK\x03\x04not really a zip")


def test_xlsx_import(world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["bin", "name_ru"])
    sheet.append([make_bin("1402", serial=331), "ТОО «Из Excel»"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = participants_import(actor=world.admin, data=buffer.getvalue())
    assert result.organizations_created == 1


def test_only_staff_import_participants(world):
    with pytest.raises(ApplicationError):
        participants_import(actor=world.rep, data=_csv(world))
    with pytest.raises(ApplicationError):
        participants_import(actor=world.other_staff, data=_csv(world))
    assert not Participant.objects.exists()


def test_the_command_imports_and_reports_errors(world, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(world))
    out = io.StringIO()
    call_command("import-participants", str(good), "--actor", world.admin.email, stdout=out)
    assert "2 participants created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"bin,name_ru\n1,x\n")
    with pytest.raises(CommandError):
        call_command("import-participants", str(bad), "--actor", world.admin.email, stdout=out, stderr=io.StringIO())


def test_row_errors_are_in_the_users_language(world):
    rows = ["123456789012,ТОО «Плохой БИН»,,,,,,,,,,,,,,"]
    with translation.override("ru"), pytest.raises(ApplicationError) as caught:
        participants_import(actor=world.admin, data=_csv(world, rows))
    assert "строка 2, столбец bin" in caught.value.fields
