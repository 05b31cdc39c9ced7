"""A funder's statement for a year (page, PDF, XLSX): obligation, contributions, carry-forward, grants reached."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from innopark.core.money import format_money
from innopark.funding.fulfilment import YearStatus, contract_years
from innopark.funding.models import Contribution, SubsoilContract
from innopark.funding.selectors import funder_grants_reached


@dataclass
class ContractLine:
    contract: SubsoilContract
    row: YearStatus


@dataclass
class Statement:
    funder: object
    year: int
    lines: list[ContractLine]
    total: YearStatus
    contributions: list[Contribution]
    grants: list[tuple[str, int]]


def build_statement(funder, year: int) -> Statement:
    lines = []
    total = YearStatus(year=year)
    for contract in SubsoilContract.objects.filter(organization=funder):
        row = next((r for r in contract_years(contract, through_year=year) if r.year == year), None)
        if row is None:
            continue
        lines.append(ContractLine(contract, row))
        for name in (
            "obligation_tiyn",
            "contributed_tiyn",
            "direct_tiyn",
            "carried_in_tiyn",
            "carried_out_tiyn",
            "shortfall_tiyn",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    total.status = "not_due" if not total.obligation_tiyn else ("partly" if total.shortfall_tiyn else "fulfilled")
    contributions = list(
        Contribution.objects.filter(contract__organization=funder, year=year)
        .select_related("contract", "transfer__to_account__zone")
        .order_by("transfer__occurred_on", "transfer_id")
    )
    return Statement(
        funder,
        year,
        lines,
        total,
        contributions,
        funder_grants_reached(funder, transfer_ids={c.transfer_id for c in contributions}),
    )


def _rows(statement: Statement) -> list[tuple[str, str]]:
    t = statement.total
    return [
        (_("Obligation"), format_money(t.obligation_tiyn)),
        (_("Contributions to zone funds"), format_money(t.contributed_tiyn)),
        (_("R&D spending reported directly"), format_money(t.direct_tiyn)),
        (_("Carried forward from earlier years"), format_money(t.carried_in_tiyn)),
        (_("Shortfall"), format_money(t.shortfall_tiyn)),
        (_("Carried forward to next year"), format_money(t.carried_out_tiyn)),
        (_("Status"), str(t.status_label)),
    ]


def statement_pdf(statement: Statement) -> bytes:
    from innopark.core.pdf import FONT, new_pdf, pdf_bytes

    title = _("R&D obligation statement %(year)s") % {"year": statement.year}
    pdf = new_pdf(title=title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(
        0, 6, f"{statement.funder.name} · {_('BIN')} {statement.funder.bin or '—'}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    for label, value in _rows(statement):
        pdf.cell(110, 7, label, border="B")
        pdf.cell(0, 7, value, border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, _("Contributions"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for c in statement.contributions:
        pdf.cell(30, 6, c.transfer.occurred_on.isoformat())
        pdf.cell(50, 6, c.contract.number)
        pdf.cell(40, 6, c.transfer.to_account.zone.code)
        pdf.cell(0, 6, format_money(c.transfer.amount_tiyn), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, _("Grants this money paid for"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for reference, amount in statement.grants:
        pdf.cell(110, 6, reference)
        pdf.cell(0, 6, format_money(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    if not statement.grants:
        pdf.cell(0, 6, _("None yet."), new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(statement.year)
    sheet.append([_("R&D obligation statement %(year)s") % {"year": statement.year}])
    sheet.append([statement.funder.name, statement.funder.bin or ""])
    sheet.append([])
    money_rows = [
        (_("Obligation"), statement.total.obligation_tiyn),
        (_("Contributions to zone funds"), statement.total.contributed_tiyn),
        (_("R&D spending reported directly"), statement.total.direct_tiyn),
        (_("Carried forward from earlier years"), statement.total.carried_in_tiyn),
        (_("Shortfall"), statement.total.shortfall_tiyn),
        (_("Carried forward to next year"), statement.total.carried_out_tiyn),
    ]
    for label, tiyn in money_rows:
        sheet.append([label, _tenge(tiyn)])
        sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0.00"
    sheet.append([_("Status"), str(statement.total.status_label)])
    sheet.append([])
    sheet.append([_("Date"), _("Contract"), _("Zone"), _("Amount, KZT")])
    for c in statement.contributions:
        sheet.append(
            [c.transfer.occurred_on, c.contract.number, c.transfer.to_account.zone.code, _tenge(c.transfer.amount_tiyn)]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "#,##0.00"
    sheet.append([])
    sheet.append([_("Grant"), _("Amount, KZT")])
    for reference, amount in statement.grants:
        sheet.append([reference, _tenge(amount)])
        sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _tenge(tiyn: int):
    """Exact tenge as a Decimal (never a float) for the spreadsheet cell."""
    from decimal import Decimal

    return Decimal(tiyn) / 100
