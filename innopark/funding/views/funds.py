"""Pages for operator staff and authority officers: the zone funds, inflows and outflows, reconciliation, accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token
from innopark.funding import selectors
from innopark.funding.forms import ContributionForm
from innopark.funding.models import AccountKind, LedgerAccount, SubsoilContract, Transfer
from innopark.funding.permissions import zone_ids_acting, zone_ids_reading
from innopark.funding.services import contribution_record
from innopark.zones.models import Zone


def _readable_zones(user):
    ids = zone_ids_reading(user)
    qs = Zone.objects.all() if ids is None else Zone.objects.filter(pk__in=ids)
    return qs.order_by("code")


def _can_act(user, zone) -> bool:
    ids = zone_ids_acting(user)
    return ids is None or zone.pk in ids


@login_required
def fund_list(request):
    zones = list(_readable_zones(request.user))
    if not zones:
        raise Http404
    funds = {a.zone_id: a for a in LedgerAccount.objects.filter(kind=AccountKind.ZONE_FUND, zone__in=zones)}
    rows = []
    for zone in zones:
        fund = funds.get(zone.pk)
        inflow = outflow = 0
        if fund is not None:
            inflow = Transfer.objects.filter(to_account=fund).aggregate(s=Sum("amount_tiyn"))["s"] or 0
            outflow = Transfer.objects.filter(from_account=fund).aggregate(s=Sum("amount_tiyn"))["s"] or 0
        rows.append(
            {
                "zone": zone,
                "fund": fund,
                "inflow": inflow,
                "outflow": outflow,
                "balance": selectors.account_balance(fund) if fund else 0,
            }
        )
    return render(request, "funding/fund_list.html", {"rows": rows})


def _reconciliation(fund: LedgerAccount) -> dict:
    by_kind_in = dict(
        Transfer.objects.filter(to_account=fund).values("kind").annotate(s=Sum("amount_tiyn")).values_list("kind", "s")
    )
    by_kind_out = dict(
        Transfer.objects.filter(from_account=fund)
        .values("kind")
        .annotate(s=Sum("amount_tiyn"))
        .values_list("kind", "s")
    )
    recomputed = sum(by_kind_in.values()) - sum(by_kind_out.values())
    stored = selectors.account_balance(fund)
    return {
        "in": by_kind_in,
        "out": by_kind_out,
        "recomputed": recomputed,
        "stored": stored,
        "agrees": recomputed == stored,
    }


@login_required
def fund_detail(request, code: str):
    zone = _readable_zones(request.user).filter(code=code).first()
    if zone is None:
        raise Http404
    fund = LedgerAccount.objects.filter(kind=AccountKind.ZONE_FUND, zone=zone).first()
    can_act = _can_act(request.user, zone)
    form = None
    status = 200
    if can_act:
        contracts = SubsoilContract.objects.select_related("organization").order_by("organization__name_ru", "number")
        form = ContributionForm(request.POST or None)
        form.set_contracts(contracts)
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    with transaction.atomic():
                        consume_form_token(data["once"], user=request.user)
                        contribution_record(
                            actor=request.user,
                            contract=data["contract"],
                            year=data["year"],
                            zone=zone,
                            amount_tiyn=data["amount"],
                            occurred_on=data["occurred_on"],
                            earmark=data["earmark"],
                            idempotency_key=f"form-{data['once']}",
                        )
                except ApplicationError as error:
                    apply_error_to_form(form, error)
                else:
                    messages.success(request, _("The contribution has been recorded."))
                    return redirect("funding:fund", code=zone.code)
            status = 400
    by_funder = []
    by_year = []
    if fund is not None:
        by_funder = list(
            Transfer.objects.filter(to_account=fund, from_account__kind=AccountKind.FUNDER)
            .values("from_account__organization__name_ru", "from_account__organization__bin", "from_account_id")
            .annotate(total=Sum("amount_tiyn"), count=Count("id"))
            .order_by("-total")
        )
        years: dict[int, dict] = {}
        for direction, flows in (
            ("in", Transfer.objects.filter(to_account=fund)),
            ("out", Transfer.objects.filter(from_account=fund)),
        ):
            for year, total in (
                flows.annotate(y=ExtractYear("occurred_on"))
                .values("y")
                .annotate(s=Sum("amount_tiyn"))
                .values_list("y", "s")
            ):
                row = years.setdefault(year, {"year": year, "in": 0, "out": 0})
                row[direction] += total
        running = 0
        for year in sorted(years):
            running += years[year]["in"] - years[year]["out"]
            years[year]["end_balance"] = running
            by_year.append(years[year])
    context = {
        "zone": zone,
        "fund": fund,
        "form": form,
        "by_funder": by_funder,
        "by_year": by_year,
        "balance": selectors.account_balance(fund) if fund else 0,
        "inflows": selectors.zone_fund_flows(zone, direction="in", limit=25),
        "outflows": selectors.zone_fund_flows(zone, direction="out", limit=25),
        "reconciliation": _reconciliation(fund) if fund else None,
    }
    return render(request, "funding/fund_detail.html", context, status=status)


@login_required
def account_detail(request, account_id: int):
    try:
        account = selectors.access_account(request.user, account_id)
    except NotFound:
        raise Http404
    after = request.GET.get("after")
    entries = selectors.account_entries(account, after=int(after) if after and after.isdigit() else None, limit=50)
    lineage = selectors.grant_funding_lineage(account) if account.kind == AccountKind.GRANT else None
    reached = selectors.funder_grants_reached(account.organization) if account.kind == AccountKind.FUNDER else None
    context = {
        "account": account,
        "entries": entries,
        "balance": selectors.account_balance(account),
        "lineage": lineage,
        "reached": reached,
        "next_after": entries[-1].pk if len(entries) == 50 else None,
    }
    return render(request, "funding/account_detail.html", context)
