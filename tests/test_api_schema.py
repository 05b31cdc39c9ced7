"""The API contract: schemathesis generates requests for every operation in /api/v1/openapi.json (whatever the apps
add) and checks that none ends in a server error and every response matches the documented status, content type and
schema. It runs as an anonymous caller and as a platform administrator with a bearer token, over the demo zones.

Kept within about two minutes by a fixed number of examples per operation (SCHEMATHESIS_EXAMPLES to change it).
"""

from __future__ import annotations

import io
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from innopark.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, not through Django's test client, so do what the test client
    does: keep Django from closing the connection at the end of each request. On PostgreSQL (pooled connections)
    closing it would roll back the test's transaction and the next request could not reconnect inside it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "platform_admin"])
def caller_headers(request, db, settings):
    """Request headers of the caller: none, or a platform administrator's bearer token (over the demo zones)."""
    # A fast hasher: the demo creates users, and argon2 would dominate the setup of every operation's test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from innopark.accounts.models import ApiToken, Role, RoleAssignment, User
    from innopark.accounts.tokens import hash_token, new_token_value
    from innopark.zones import demo

    demo.load(io.StringIO())
    if request.param == "anonymous":
        return {}
    user = User.objects.create_user(email="schema-admin@example.kz", password="correct-horse-battery")
    RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN)
    raw, prefix = new_token_value()
    ApiToken.objects.create(user=user, prefix=prefix, key_hash=hash_token(raw))
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, caller_headers):
    case.call_and_validate(headers=caller_headers, checks=CHECKS)
