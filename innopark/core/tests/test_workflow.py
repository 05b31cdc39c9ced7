import pytest
from django.db import models
from django.utils import translation

from innopark.core.errors import Conflict
from innopark.core.workflow import require_transition


class Door(models.TextChoices):
    OPEN = "open", "Open"
    SHUT = "shut", "Shut"


TABLE = {(Door.OPEN, Door.SHUT): "door_shut"}


def test_an_allowed_step_passes_and_any_other_is_refused_with_the_state_labels():
    require_transition(TABLE, Door.OPEN, Door.SHUT, choices=Door)
    with translation.override("ru"), pytest.raises(Conflict) as error:
        require_transition(TABLE, Door.SHUT, Door.OPEN, choices=Door)
    assert error.value.code == "transition_not_allowed"
    assert error.value.as_dict()["message"] == "Переход из «Shut» в «Open» не допускается."
    assert error.value.as_dict()["fields"]["status"]
