from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "innopark.funding"
    label = "funding"
