"""Menu visibility: who sees the staff queues and the representative's pages."""

from innopark.registry.permissions import is_registry_staff, represented_org_ids


def can_see_queues(user) -> bool:
    return bool(user and user.is_authenticated and is_registry_staff(user))


def represents_any(user) -> bool:
    return bool(user and user.is_authenticated and represented_org_ids(user))
