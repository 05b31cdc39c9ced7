import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.core.identifiers import make_bin
from innopark.registry import services
from innopark.registry.models import Organization
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def test_organization_create_records_audit_and_open_data_id(admin):
    before = AuditEvent.objects.count()
    bin_value = make_bin("1505", serial=11)
    org = services.organization_create(actor=admin, bin=bin_value, name_ru="ТОО «Альфа»", oked="62010")
    assert org.open_data_id == f"KZ-BIN-{bin_value}"
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq").first().event_type == "organization.created"


def test_duplicate_bin_is_refused_naming_the_existing_organization(admin):
    bin_value = make_bin("1505", serial=12)
    services.organization_create(actor=admin, bin=bin_value, name_ru="ТОО «Первая»")
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as caught:
        services.organization_create(actor=admin, bin=bin_value, name_ru="ТОО «Вторая»")
    assert caught.value.code == "duplicate_bin"
    assert "ТОО «Первая»" in caught.value.fields["bin"][0]
    assert Organization.objects.filter(bin=bin_value).count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("bad", ["12345", "15054000001X", "151340000011", "150540000010"])
def test_invalid_bin_is_refused_naming_the_field(admin, bad):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.organization_create(actor=admin, bin=bad, name_ru="ТОО")
    assert "bin" in caught.value.fields
    assert AuditEvent.objects.count() == before
    assert not Organization.objects.filter(name_ru="ТОО").exists()


def test_get_or_create_by_bin_returns_the_existing_one_unchanged(admin):
    bin_value = make_bin("1505", serial=13)
    first, created = services.organization_get_or_create_by_bin(actor=admin, bin=bin_value, name_ru="Первая")
    assert created
    before = AuditEvent.objects.count()
    again, created_again = services.organization_get_or_create_by_bin(actor=admin, bin=bin_value, name_ru="Другая")
    assert (again.pk, created_again, again.name_ru) == (first.pk, False, "Первая")
    assert AuditEvent.objects.count() == before


def test_a_user_without_a_staff_role_cannot_create_organizations(world):
    with pytest.raises(NotAllowed):
        services.organization_create(actor=world.rep, bin=make_bin("1505", serial=14), name_ru="ТОО")


def test_organization_update_changes_facts_but_not_the_bin(admin):
    org = f.make_organization(admin)
    services.organization_update(actor=admin, organization=org, state_share_50=True)
    org.refresh_from_db()
    assert org.state_share_50
    with pytest.raises(ApplicationError):
        services.organization_update(actor=admin, organization=org, bin=make_bin("1505", serial=15))
