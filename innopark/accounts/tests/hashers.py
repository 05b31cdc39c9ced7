"""A cheap Argon2 for tests: same algorithm and "argon2" prefix, a fraction of the cost (tests create many users)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 256
    parallelism = 1
