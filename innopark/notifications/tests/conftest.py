import pytest


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    settings.PASSWORD_HASHERS = ["innopark.accounts.tests.hashers.FastArgon2PasswordHasher"]
