from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingEvent(models.TextChoices):
    ACCOUNT_OPENED = "ledger.account_opened", _("Ledger account opened")
    ACCOUNT_CLOSED = "ledger.account_closed", _("Ledger account closed")
    TRANSFER_CREATED = "ledger.transfer_created", _("Transfer recorded")
    CONTRACT_REGISTERED = "funder.contract_registered", _("Subsoil-use contract registered")
    BASE_DECLARED = "funder.base_declared", _("Obligation base declared")
    CONTRIBUTION_RECORDED = "funder.contribution_recorded", _("Contribution recorded")
    DIRECT_SPENDING_REPORTED = "funder.direct_spending_reported", _("Direct R&D spending reported")
    FULFILMENT_REPORTED = "funder.fulfilment_reported", _("Quarterly fulfilment report submitted")
