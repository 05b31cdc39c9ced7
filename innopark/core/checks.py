from django.conf import settings
from django.core.checks import Warning, register


@register()
def demo_mode_in_production(app_configs, **kwargs):
    if settings.DEMO and not settings.DEBUG and settings.SECRET_KEY.startswith("innopark-development-key"):
        return [Warning("DEMO is set with the development SECRET_KEY.", id="innopark.W001")]
    return []
