"""The admin saves users and role assignments through the services."""

import pytest

from innopark.accounts.models import RoleAssignment, User
from innopark.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(admin_user, client):
    client.cookies["innopark_language"] = "en"
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    return admin_user


def test_admin_adds_a_user_through_the_service(client, staff_admin):
    client.force_login(staff_admin)
    response = client.post(
        "/admin/accounts/user/add/", {"email": "New@Example.kz", "full_name": "New", "language": "ru", "password": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new@example.kz")
    assert AuditEvent.objects.filter(event_type="user.created", subject_id=str(user.pk)).exists()


def test_admin_refuses_a_taken_email_on_the_field(client, staff_admin):
    client.force_login(staff_admin)
    events = AuditEvent.objects.count()
    response = client.post("/admin/accounts/user/add/", {"email": staff_admin.email, "language": ""})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_admin_grants_a_role_and_shows_scope_errors(client, staff_admin, user_factory, scopes):
    user = user_factory()
    client.force_login(staff_admin)
    events = AuditEvent.objects.count()
    data = {"user": user.pk, "role": "operator_staff", "valid_from": "2020-01-01"}
    response = client.post("/admin/accounts/roleassignment/add/", data)
    assert response.status_code == 200
    assert "This role needs a zone." in response.content.decode()
    assert AuditEvent.objects.count() == events

    response = client.post("/admin/accounts/roleassignment/add/", {**data, "zone": scopes.zone.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    assert AuditEvent.objects.filter(event_type="user.role_granted").count() == 1

    response = client.post(f"/admin/accounts/roleassignment/{assignment.pk}/change/", {"valid_to": "2024-01-01"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert str(assignment.valid_to) == "2024-01-01"
    assert AuditEvent.objects.filter(event_type="user.role_revoked").count() == 1


def test_admin_is_closed_to_non_admins(client, user_factory):
    user = user_factory(is_staff=True)
    client.force_login(user)
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 403


def test_audit_admin_is_read_only(client, staff_admin):
    client.force_login(staff_admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
