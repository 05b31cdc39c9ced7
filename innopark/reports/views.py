"""Figures pages: the public dashboard, the internal one, chart downloads, open data and the annual report.

Views parse the request, call selectors and the statistics engine, and render; they write nothing.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innopark.core.errors import ApplicationError
from innopark.reports import selectors
from innopark.reports.forms import FiguresFilterForm
from innopark.reports.stats import compute, parse_stats_query
from innopark.zones.selectors import zones_internal_to


def _query_from(request, *, zones, allow_quarter: bool):
    """The StatsQuery of the filter form; (form, query, error). Errors are shown on the form."""
    data = request.GET.copy()
    default = selectors.default_zone()
    if not data.get("zone") and default is not None and any(z.pk == default.pk for z in zones):
        data["zone"] = default.code
    elif not data.get("zone") and zones:
        data["zone"] = zones[0].code
    if data.get("zone") and data["zone"] not in {z.code for z in zones}:
        # Another's zone (or none by that code): not found, so that internal zones are not revealed.
        raise Http404("zone")
    form = FiguresFilterForm(data, zones=zones)
    if not allow_quarter:
        del form.fields["by"]
    if not form.is_valid():
        return form, None, None
    try:
        query = parse_stats_query(
            zone=form.cleaned_data["zone"],
            by=form.cleaned_data.get("by") or "year",
            year_from=form.cleaned_data.get("year_from"),
            year_to=form.cleaned_data.get("year_to"),
        )
    except ApplicationError as exc:
        for name, messages in exc.fields.items():
            field = {"from": "year_from", "to": "year_to"}.get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return form, None, exc
    return form, query, None


def _context(request, *, internal: bool):
    zones = list(zones_internal_to(request.user).order_by("code")) if internal else None
    if zones is None:
        from innopark.zones.selectors import zones_visible_to

        zones = list(zones_visible_to(request.user))
    form, query, error = _query_from(request, zones=zones, allow_quarter=internal)
    context = {"form": form, "internal": internal, "zones": zones, "query": query}
    if query is None:
        return context
    result = compute(query)
    charts = selectors.public_charts(query, result)
    if internal:
        charts = selectors.internal_charts(query, result) + charts
    context.update(
        {
            "result": result,
            "total": result.total,
            "charts": charts,
            "chart_query": request.GET.urlencode(),
            "zone": query.zone,
        }
    )
    return context


@require_GET
def dashboard(request):
    return render(request, "reports/dashboard.html", _context(request, internal=False))


@require_GET
def dashboard_internal(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not zones_internal_to(request.user).exists():
        return render(request, "reports/forbidden.html", status=403)
    return render(request, "reports/dashboard.html", _context(request, internal=True))


@require_GET
def chart_csv(request, key: str):
    internal = request.GET.get("internal") == "1"
    if internal and not (request.user.is_authenticated and zones_internal_to(request.user).exists()):
        return render(request, "reports/forbidden.html", status=403)
    zones = list(zones_internal_to(request.user).order_by("code")) if internal else None
    if zones is None:
        from innopark.zones.selectors import zones_visible_to

        zones = list(zones_visible_to(request.user))
    form, query, error = _query_from(request, zones=zones, allow_quarter=internal)
    if query is None:
        return HttpResponse(_("The parameters are not valid."), status=400, content_type="text/plain; charset=utf-8")
    chart = selectors.chart_by_key(query, key, internal=internal)
    if chart is None:
        raise Http404(key)
    response = HttpResponse(chart.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{query.zone.code}-{key}.csv"'
    return response


@require_GET
def open_data(request):
    base = request.build_absolute_uri("/").rstrip("/")
    return render(request, "reports/open_data.html", {"datasets": selectors.datasets(base_url=base)})


def _zone_for_download(code: str):
    from innopark.reports.giving.export import grants_queryset
    from innopark.zones.models import Zone

    zone = Zone.objects.filter(code=code).first()
    qs = grants_queryset(zone) if zone is not None else None
    if qs is None:
        raise Http404(code)
    return zone


@require_GET
def open_data_json(request, code: str):
    from innopark.reports.giving.export import stream_package

    zone = _zone_for_download(code)
    response = StreamingHttpResponse(stream_package(zone), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{zone.code}-360giving.json"'
    return response


@require_GET
def open_data_csv(request, code: str, sheet: str = "grants"):
    from innopark.reports.giving import flat
    from innopark.reports.giving.export import iter_grants

    zone = _zone_for_download(code)
    if sheet == "disbursements":
        rows = (row for grant in iter_grants(zone) for row in flat.disbursement_rows(grant))
        body = flat.stream_csv(rows, flat.disbursement_headers())
        name = f"{zone.code}-360giving-disbursements.csv"
    else:
        body = flat.stream_csv((flat.grant_row(g) for g in iter_grants(zone)), flat.grant_headers())
        name = f"{zone.code}-360giving.csv"
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def open_data_xlsx(request, code: str):
    import tempfile

    from innopark.reports.giving import flat
    from innopark.reports.giving.export import iter_grants

    zone = _zone_for_download(code)
    # openpyxl's write-only mode streams rows to a temporary file; FileResponse streams that file and closes it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse when the download ends
    flat.write_xlsx(iter_grants(zone), handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{zone.code}-360giving.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def annual_report(request, code: str, year: int, fmt: str):
    from innopark.reports import annual

    if fmt not in ("pdf", "xlsx"):
        raise Http404(fmt)
    lang = request.GET.get("lang") or get_language() or "kk"
    if lang not in ("kk", "ru", "en"):
        lang = "kk"
    try:
        report = annual.build(zone_code=code, year=year)
    except ApplicationError as exc:
        if exc.status == 404:
            raise Http404(code)
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "pdf":
        body, content_type = annual.render_pdf(report, lang=lang), "application/pdf"
    else:
        body = annual.render_xlsx(report, lang=lang)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{code}-{year}-{lang}.{fmt}"'
    return response
