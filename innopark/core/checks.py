from django.conf import settings
from django.core.checks import Warning, register


@register()
def demo_mode_in_production(app_configs, **kwargs):
    """DEMO creates users with a published password; with the built-in key, sessions can be forged too.

    It cannot fire under innopark.settings_production, which refuses the development key at start (ADR 0009).
    """
    if settings.DEMO and not settings.DEBUG and settings.SECRET_KEY.startswith("innopark-development-key"):
        return [
            Warning(
                "DEMO is set with the development SECRET_KEY.",
                hint="The demo is for a laptop: unset DEMO on a public server, or set a random SECRET_KEY.",
                id="innopark.W001",
            )
        ]
    return []
