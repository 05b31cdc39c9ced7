"""The annual report of a zone for a year, as PDF (core/pdf.py, DejaVu fonts) or XLSX, in kk, ru or en.

`build` computes the figures once; the renderers only lay them out, each under `translation.override(lang)` so
that labels, month names and money follow the chosen language whatever the request's own language is.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from innopark.core.errors import ApplicationError
from innopark.core.money import format_money
from innopark.reports import selectors
from innopark.reports.stats import StatsResult, compute, parse_stats_query
from innopark.zones.models import Zone
from innopark.zones.selectors import authority_on


@dataclass
class AnnualReport:
    zone: Zone
    year: int
    quarters: StatsResult
    categories: list[tuple[str, str, int, int]]
    funders: list[tuple[str, int]]
    regions: list[tuple[str, int, int]]
    authority_name_by_lang: dict[str, str]
    generated_at: dt.datetime


def build(*, zone_code: str, year: int) -> AnnualReport:
    query = parse_stats_query(zone=zone_code, by="quarter", year_from=year, year_to=year)
    zone = query.zone
    if year < zone.established_on.year:
        raise ApplicationError(
            _("The zone did not exist in that year."), code="year_before_zone", fields={"year": [str(year)]}
        )
    quarters = compute(query)
    authority = authority_on(zone, min(dt.date(year, 12, 31), timezone.localdate()))
    names = {}
    for lang in ("kk", "ru", "en"):
        names[lang] = getattr(authority, f"name_{lang}", "") if authority else ""
    return AnnualReport(
        zone=zone,
        year=year,
        quarters=quarters,
        categories=[],
        funders=selectors.contributions_by_funder(query, quarters),
        regions=[],
        authority_name_by_lang=names,
        generated_at=timezone.localtime(),
    )


def _localised(report: AnnualReport, lang: str):
    """Labels that depend on the language: computed inside translation.override."""
    query = parse_stats_query(zone=report.zone.code, by="quarter", year_from=report.year, year_to=report.year)
    report.categories = selectors.awarded_by_category(query, report.quarters)
    report.regions = selectors.grants_by_region(query, report.quarters)
    zone_name = getattr(report.zone, f"name_{lang}") or report.zone.name_ru
    return zone_name, report.authority_name_by_lang.get(lang) or "—"


def _summary_rows(report: AnnualReport, lang: str) -> list[tuple[str, str]]:
    total = report.quarters.total
    share = f"{total.digital_share_pct}%" if total.digital_share_pct is not None else "—"
    return [
        (_("Projects financed"), str(total.projects)),
        (_("Amount awarded"), format_money(total.amount_awarded_tiyn, lang)),
        (_("Amount disbursed"), format_money(total.amount_disbursed_tiyn, lang)),
        (_("Money attracted from subsoil users"), format_money(total.contributions_tiyn, lang)),
        (_("Participants at the end of the period"), str(total.participants)),
        (_("Admitted during the period"), str(total.participants_admitted)),
        (_("Companies entered in the register"), str(total.companies_registered)),
        (_("Jobs created"), str(total.jobs_created)),
        (_("Share of projects in digital categories"), share),
    ]


def render_pdf(report: AnnualReport, *, lang: str) -> bytes:
    from innopark.core.pdf import FONT, new_pdf, pdf_bytes

    with translation.override(lang):
        zone_name, authority_name = _localised(report, lang)
        title = _("Annual report %(year)s") % {"year": report.year}
        pdf = new_pdf(title=f"{title} — {zone_name}")
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 7, f"{zone_name} ({report.zone.code})", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(
            0, 6, _("Overseeing authority: %(name)s") % {"name": authority_name}, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(3)

        def table(headers, rows, widths):
            pdf.set_font(FONT, "B", 9)
            for header, width in zip(headers, widths, strict=True):
                pdf.cell(width, 7, header, border=1)
            pdf.ln()
            pdf.set_font(FONT, "", 9)
            for row in rows:
                for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
                    pdf.cell(width, 6, str(cell), border=1, align="L" if i == 0 else "R")
                pdf.ln()
            pdf.ln(3)

        pdf.set_font(FONT, "B", 12)
        pdf.cell(0, 8, _("Key figures"), new_x="LMARGIN", new_y="NEXT")
        table([_("Figure"), _("Value")], _summary_rows(report, lang), [110, 70])

        pdf.set_font(FONT, "B", 12)
        pdf.cell(0, 8, _("By quarter"), new_x="LMARGIN", new_y="NEXT")
        table(
            [_("Period"), _("Projects"), _("Amount awarded"), _("Amount disbursed"), _("Contributions")],
            [
                (
                    r.period,
                    r.projects,
                    format_money(r.amount_awarded_tiyn, lang),
                    format_money(r.amount_disbursed_tiyn, lang),
                    format_money(r.contributions_tiyn, lang),
                )
                for r in report.quarters.rows
            ],
            [24, 20, 46, 46, 46],
        )
        if report.categories:
            pdf.set_font(FONT, "B", 12)
            pdf.cell(0, 8, _("Projects by category"), new_x="LMARGIN", new_y="NEXT")
            table(
                [_("Category"), _("Projects"), _("Amount awarded")],
                [(label, n, format_money(t, lang)) for _c, label, n, t in report.categories],
                [100, 25, 55],
            )
        if report.funders:
            pdf.set_font(FONT, "B", 12)
            pdf.cell(0, 8, _("Contributions by funder"), new_x="LMARGIN", new_y="NEXT")
            table([_("Funder"), _("Amount")], [(n, format_money(t, lang)) for n, t in report.funders], [120, 60])
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(
            0,
            5,
            _("Computed by innopark from its records on %(date)s.") % {"date": report.generated_at.date().isoformat()},
        )
        return pdf_bytes(pdf)


def render_xlsx(report: AnnualReport, *, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(lang):
        zone_name, authority_name = _localised(report, lang)
        book = Workbook()
        summary = book.active
        summary.title = pgettext("report", "Summary")[:31]
        summary.append([_("Annual report %(year)s") % {"year": report.year}])
        summary["A1"].font = Font(bold=True, size=14)
        summary.append([zone_name, report.zone.code])
        summary.append([_("Overseeing authority"), authority_name])
        summary.append([])
        total = report.quarters.total
        # Amounts as numbers in tenge with a money format, so that the sheet can be summed.
        summary.append([_("Projects financed"), total.projects])
        for label, tiyn in (
            (_("Amount awarded"), total.amount_awarded_tiyn),
            (_("Amount disbursed"), total.amount_disbursed_tiyn),
            (_("Money attracted from subsoil users"), total.contributions_tiyn),
        ):
            summary.append([label, _tenge(tiyn)])
            summary.cell(row=summary.max_row, column=2).number_format = "#,##0.00"
        summary.append([_("Participants at the end of the period"), total.participants])
        summary.append([_("Admitted during the period"), total.participants_admitted])
        summary.append([_("Jobs created"), total.jobs_created])
        summary.append([_("Share of projects in digital categories"), total.digital_share_pct])
        summary.column_dimensions["A"].width = 48
        summary.column_dimensions["B"].width = 22

        quarters = book.create_sheet(_("By quarter")[:31])
        quarters.append(
            [
                _("Period"),
                _("Projects"),
                _("Amount awarded"),
                _("Amount disbursed"),
                _("Contributions"),
                _("Participants"),
                _("Admitted"),
                _("Jobs created"),
            ]
        )
        for r in report.quarters.rows:
            quarters.append(
                [
                    r.period,
                    r.projects,
                    _tenge(r.amount_awarded_tiyn),
                    _tenge(r.amount_disbursed_tiyn),
                    _tenge(r.contributions_tiyn),
                    r.participants,
                    r.participants_admitted,
                    r.jobs_created,
                ]
            )
        categories = book.create_sheet(_("Categories")[:31])
        categories.append([_("Category"), _("Projects"), _("Amount awarded")])
        for _code, label, n, t in report.categories:
            categories.append([label, n, _tenge(t)])
        funders = book.create_sheet(_("Funders")[:31])
        funders.append([_("Funder"), _("Amount")])
        for name, t in report.funders:
            funders.append([name, _tenge(t)])
        for sheet in book.worksheets[1:]:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _tenge(tiyn: int):
    """Tenge for a spreadsheet cell: a Decimal keeps the two decimals exact (openpyxl writes it as a number)."""
    from decimal import Decimal

    return Decimal(tiyn) / 100
