from innopark.funding.views.funders import funder_detail, funder_list, funder_statement
from innopark.funding.views.funds import account_detail, fund_detail, fund_list

__all__ = ["account_detail", "fund_detail", "fund_list", "funder_detail", "funder_list", "funder_statement"]
