"""Reads of the reports app: the dashboards' charts, the breakdowns behind them and the list of open datasets."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from innopark.reports import charts as c
from innopark.reports.stats import StatsQuery, StatsResult, compute, engine
from innopark.reports.stats import sources as s
from innopark.reports.stats.query import CATEGORIES
from innopark.zones.models import Zone

# The KATO region (first two digits) of the three cities of republican significance; other regions are shown by
# their code, which the public classifier resolves.
REGION_NAMES = {"75": "Almaty", "71": "Astana", "79": "Shymkent"}
DEFAULT_ZONE = "alatau-itp"


def category_label(code: str) -> str:
    labels = {
        "digitalisation": _("Digitalisation of the economy"),
        "digital_export": _("Digital export"),
        "ict": _("Information and communication technologies"),
        "new_materials": _("New materials"),
        "energy_efficiency": _("Energy efficiency"),
        "other": _("Other"),
    }
    return labels.get(code, code)


def region_label(prefix: str) -> str:
    names = {"75": _("Almaty"), "71": _("Astana"), "79": _("Shymkent")}
    return names.get(prefix) or _("KATO region %(code)s") % {"code": prefix}


def default_zone() -> Zone | None:
    return Zone.objects.filter(code=DEFAULT_ZONE).first() or Zone.objects.order_by("code").first()


def contributions_by_funder(query: StatsQuery, result: StatsResult) -> list[tuple[str, int]]:
    """(funder name, net tiyn) of the period, largest first: the funders' rows of the ledger's flow rollup."""
    qs = engine.flows_in_period(query, result.rows[0].start, result.rows[-1].end, kind=s.CONTRIBUTION, by_party=True)
    if qs is None:
        return []
    totals = dict(qs.values_list(s.FLOW_PARTY).annotate(t=Sum(s.FLOW_AMOUNT)).order_by())
    org = s.ACCOUNT_ORGANIZATION
    accounts = s.ledger_account_model().objects.filter(pk__in=list(totals))
    names = {
        pk: ru or en or kk or "—"
        for pk, ru, en, kk in accounts.values_list("pk", f"{org}__name_ru", f"{org}__name_en", f"{org}__name_kk")
    }
    out = [(names.get(pk, "—"), int(t or 0)) for pk, t in totals.items()]
    return sorted(out, key=lambda item: -item[1])


def top_and_rest(items: list[tuple[str, int]], rest_label: str, keep: int = 7) -> list[tuple[str, int]]:
    """The largest `keep` items and one more for the rest, so that a chart stays readable with 200 funders."""
    if len(items) <= keep + 1:
        return items
    return items[:keep] + [(rest_label, sum(value for _label, value in items[keep:]))]


def grants_by_region(query: StatsQuery, result: StatsResult) -> list[tuple[str, int, int]]:
    """(region, projects, tiyn awarded) by the recipient's KATO region when the grant was awarded (ADR 0072)."""
    qs = engine.grants_in_period(query, result.rows[0].start, result.rows[-1].end)
    if qs is None:
        return []
    totals: dict[str, list[int]] = {}
    kato = s.GRANT_REGION
    for row in qs.values(kato).annotate(n=Count("pk"), t=Sum(s.GRANT_AMOUNT)).order_by():
        prefix = (row[kato] or "")[:2] or "—"
        entry = totals.setdefault(prefix, [0, 0])
        entry[0] += row["n"]
        entry[1] += row["t"] or 0
    return [
        (region_label(k) if k != "—" else "—", v[0], v[1]) for k, v in sorted(totals.items(), key=lambda i: -i[1][1])
    ]


def awarded_by_category(query: StatsQuery, result: StatsResult) -> list[tuple[str, str, int, int]]:
    """(code, label, projects, tiyn awarded) per category over the whole range."""
    qs = engine.grants_in_period(query, result.rows[0].start, result.rows[-1].end)
    amounts: dict[str, tuple[int, int]] = {}
    if qs is not None:
        for row in qs.values(s.GRANT_CATEGORY).annotate(n=Count("pk"), t=Sum(s.GRANT_AMOUNT)).order_by():
            amounts[row[s.GRANT_CATEGORY]] = (row["n"], row["t"] or 0)
    return [(code, category_label(code), *amounts.get(code, (0, 0))) for code in CATEGORIES if code in amounts]


def _period_labels(result: StatsResult) -> list[str]:
    return [r.period for r in result.rows]


def public_charts(query: StatsQuery, result: StatsResult) -> list[c.Chart]:
    """The public dashboard: trends, money flow, categories, regions, register growth."""
    labels = _period_labels(result)
    period = _("Period")
    charts = []
    projects = [r.projects for r in result.rows]
    awarded = [r.amount_awarded_tiyn for r in result.rows]
    chart = c.Chart(
        key="projects",
        title=_("Projects financed"),
        columns=[period, _("Projects"), _("Amount awarded")],
        kinds=[c.LABEL, c.COUNT, c.MONEY],
        rows=[[p, n, a] for p, n, a in zip(labels, projects, awarded, strict=True)],
    )
    chart.svg = c.bar_chart(labels, projects, title=chart.title)
    charts.append(chart)
    chart = c.Chart(
        key="amounts",
        title=_("Amount awarded"),
        columns=[period, _("Amount awarded"), _("Money attracted from subsoil users")],
        kinds=[c.LABEL, c.MONEY, c.MONEY],
        rows=[[r.period, r.amount_awarded_tiyn, r.contributions_tiyn] for r in result.rows],
    )
    chart.svg = c.bar_chart(labels, awarded, title=chart.title, kind=c.MONEY)
    charts.append(chart)

    funders = top_and_rest(contributions_by_funder(query, result), _("Other funders"))
    categories = awarded_by_category(query, result)
    fund_label = _("Zone fund")
    chart = c.Chart(
        key="flow",
        title=_("From funders to the fund to projects"),
        columns=[_("From"), _("To"), _("Amount")],
        kinds=[c.LABEL, c.LABEL, c.MONEY],
        rows=[[name, fund_label, t] for name, t in funders]
        + [[fund_label, label, t] for _c, label, _n, t in categories],
    )
    chart.svg = c.flow_chart(
        funders,
        (fund_label, sum(t for _n, t in funders)),
        [(label, t) for _c, label, _n, t in categories],
        title=chart.title,
    )
    charts.append(chart)

    chart = c.Chart(
        key="categories",
        title=_("Projects by category"),
        columns=[_("Category"), _("Projects"), _("Share, %"), _("Amount awarded")],
        kinds=[c.LABEL, c.COUNT, c.PERCENT, c.MONEY],
    )
    total_projects = sum(n for _c, _l, n, _t in categories) or 1
    chart.rows = [[label, n, (n * 200 + total_projects) // (2 * total_projects), t] for _c, label, n, t in categories]
    chart.svg = c.hbar_chart([row[0] for row in chart.rows], [row[1] for row in chart.rows], title=chart.title)
    charts.append(chart)

    regions = grants_by_region(query, result)
    chart = c.Chart(
        key="regions",
        title=_("Projects by region of the recipient"),
        columns=[_("Region"), _("Projects"), _("Amount awarded")],
        kinds=[c.LABEL, c.COUNT, c.MONEY],
        rows=[list(r) for r in regions],
    )
    chart.svg = c.hbar_chart([r[0] for r in regions], [r[2] for r in regions], title=chart.title, kind=c.MONEY)
    charts.append(chart)

    chart = c.Chart(
        key="register",
        title=_("Participants in the register"),
        columns=[
            period,
            _("Active at the end of the period"),
            _("Admitted during the period"),
            _("Entered in the register"),
        ],
        kinds=[c.LABEL, c.COUNT, c.COUNT, c.COUNT],
        rows=[[r.period, r.participants, r.participants_admitted, r.companies_registered] for r in result.rows],
    )
    chart.svg = c.bar_chart(labels, [r.participants for r in result.rows], title=chart.title)
    charts.append(chart)
    return charts


def internal_charts(query: StatsQuery, result: StatsResult) -> list[c.Chart]:
    """What staff and overseers see in addition: disbursements, contributions per funder, jobs."""
    labels = _period_labels(result)
    charts = []
    chart = c.Chart(
        key="disbursed",
        title=_("Amount disbursed"),
        columns=[_("Period"), _("Amount awarded"), _("Amount disbursed")],
        kinds=[c.LABEL, c.MONEY, c.MONEY],
        rows=[[r.period, r.amount_awarded_tiyn, r.amount_disbursed_tiyn] for r in result.rows],
    )
    chart.svg = c.bar_chart(labels, [r.amount_disbursed_tiyn for r in result.rows], title=chart.title, kind=c.MONEY)
    charts.append(chart)
    funders = contributions_by_funder(query, result)
    chart = c.Chart(
        key="funders",
        title=_("Contributions by funder"),
        columns=[_("Funder"), _("Amount")],
        kinds=[c.LABEL, c.MONEY],
        rows=[list(f) for f in funders],
    )
    chart.svg = c.hbar_chart([f[0] for f in funders], [f[1] for f in funders], title=chart.title, kind=c.MONEY)
    charts.append(chart)
    chart = c.Chart(
        key="jobs",
        title=_("Jobs created"),
        columns=[_("Period"), _("Jobs created")],
        kinds=[c.LABEL, c.COUNT],
        rows=[[r.period, r.jobs_created] for r in result.rows],
    )
    chart.svg = c.bar_chart(labels, [r.jobs_created for r in result.rows], title=chart.title)
    charts.append(chart)
    return charts


def chart_by_key(query: StatsQuery, key: str, *, internal: bool) -> c.Chart | None:
    result = compute(query)
    pool = public_charts(query, result) + (internal_charts(query, result) if internal else [])
    return next((chart for chart in pool if chart.key == key), None)


def datasets(*, base_url: str = "") -> list[dict]:
    """Every zone with at least one financed project publishes its grants (CC BY 4.0)."""
    from innopark.reports.giving.export import LICENCE_NAME, grants_queryset, last_update

    out = []
    for zone in Zone.objects.order_by("code"):
        qs = grants_queryset(zone)
        if qs is None or not qs.exists():
            continue
        updated = last_update(zone)
        prefix = f"{base_url}/figures/open-data/{zone.code}"
        out.append(
            {
                "zone": zone.code,
                "title": zone.name,
                "licence": LICENCE_NAME,
                "last_update": updated.isoformat() if isinstance(updated, dt.datetime) else None,
                "downloads": {
                    "json": f"{prefix}/360giving.json",
                    "csv": f"{prefix}/360giving.csv",
                    "csv_disbursements": f"{prefix}/360giving-disbursements.csv",
                    "xlsx": f"{prefix}/360giving.xlsx",
                },
            }
        )
    return out
