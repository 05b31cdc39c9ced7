from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "innopark.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from innopark.audit.registry import register_event_types, register_subject
        from innopark.funding import selectors
        from innopark.funding.events import FundingEvent

        register_event_types(FundingEvent)
        register_subject("funding.ledgeraccount", selectors.can_view_account_history)
        register_subject("funding.transfer", selectors.can_view_transfer_history)
        register_subject("funding.subsoilcontract", selectors.can_view_contract_history)
        register_subject("funding.basedeclaration", selectors.can_view_declaration_history)
        register_subject("funding.contribution", selectors.can_view_contribution_history)
        register_subject("funding.directspending", selectors.can_view_spending_history)
        register_subject("funding.fulfilmentreport", selectors.can_view_report_history)
        from innopark.funding import navigation

        navigation.register()
