"""The reports API: statistics, the "changed since" feed and the list of open datasets (mounted at /api/v1/)."""

from __future__ import annotations

from ninja import Query, Router

from innopark.core.api_schemas import ErrorOut
from innopark.reports import selectors
from innopark.reports.feed import MAX_LIMIT, feed_page
from innopark.reports.schemas import DatasetOut, FeedPageOut, StatsRowOut
from innopark.reports.stats import compute, parse_stats_query
from innopark.reports.stats.output import result_dicts

router = Router(tags=["figures and open data"])
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/stats", response={200: list[StatsRowOut], **PUBLIC_ERRORS}, auth=None)
def stats(
    request,
    zone: str | None = Query(None, max_length=64, description="Zone code, e.g. alatau-itp."),
    authority: str | None = Query(None, max_length=64, description="Authority code (jurisdiction in force then)."),
    by: str = Query("year", pattern="^(year|quarter)$"),
    year_from: int | None = Query(None, alias="from", description="First year."),
    year_to: int | None = Query(None, alias="to", description="Last year."),
    category: str | None = Query(None, max_length=32),
    funder: str | None = Query(None, max_length=32, description="BIN of a funder."),
    region: str | None = Query(None, max_length=9, description="KATO code or its leading digits."),
):
    """Figures per year or quarter and a total row (`is_total`): projects financed, amounts awarded and disbursed,
    money attracted from subsoil users, participants, jobs, share by category. Amounts are tenge as decimal
    strings."""
    query = parse_stats_query(
        zone=zone,
        authority=authority,
        by=by,
        year_from=year_from,
        year_to=year_to,
        category=category,
        funder=funder,
        region=region,
    )
    return result_dicts(compute(query))


@router.get("/feed", response={200: FeedPageOut, **PUBLIC_ERRORS}, auth=None)
def feed(
    request,
    since: str | None = Query(None, max_length=64, description="next_since of the previous page; none to start."),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
):
    """Grants and register entries changed after the token, oldest first. The newest second is held back so that
    no change that commits late is ever skipped."""
    return feed_page(since=since, limit=limit)


@router.get("/open-data", response={200: list[DatasetOut]}, auth=None)
def open_datasets(request):
    """Every published dataset with its licence, last update and download addresses."""
    return selectors.datasets(base_url=request.build_absolute_uri("/").rstrip("/"))
