import pytest

from innopark.projects.tests.factories import make_park


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def park(db):
    return make_park()
