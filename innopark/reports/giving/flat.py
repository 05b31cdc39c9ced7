"""360Giving grants as flat rows with the standard's column titles (flattentool's title layout), and back.

Written here instead of depending on flattentool (ADR 0060): it pulls in ZODB, lxml and odfpy, resolves the
package schema's remote `$ref` when not told otherwise, and holds the whole document in memory, where an export
must stream. The columns follow flattentool's conventions: nested objects as `Parent:Child` titles, one-item
arrays that the schema "rolls up" (recipient, funder, programme) on the grant row, and the list of disbursements
on a second sheet whose first column repeats the grant's `Identifier`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

# (column title, JSON path). A path step that is an integer indexes an array.
GRANT_COLUMNS: list[tuple[str, tuple]] = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Disbursed", ("amountDisbursed",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Alternate Name", ("recipientOrganization", 0, "alternateName")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Recipient Org:Street Address", ("recipientOrganization", 0, "streetAddress")),
    ("Recipient Org:Country", ("recipientOrganization", 0, "addressCountry")),
    ("Recipient Org:Location:Geographic Code", ("recipientOrganization", 0, "location", 0, "geoCode")),
    ("Recipient Org:Location:Geographic Code Type", ("recipientOrganization", 0, "location", 0, "geoCodeType")),
    ("Recipient Org:Location:Country Code", ("recipientOrganization", 0, "location", 0, "countryCode")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Funding Org:Department", ("fundingOrganization", 0, "department")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Classifications:Vocabulary", ("classifications", 0, "vocabulary")),
    ("Classifications:Code", ("classifications", 0, "code")),
    ("Classifications:Title", ("classifications", 0, "title")),
    ("Last Modified", ("dateModified",)),
]
DISBURSEMENT_COLUMNS: list[tuple[str, str]] = [
    ("Disbursement Transaction:Identifier", "id"),
    ("Disbursement Transaction:Transaction Date", "transactionDate"),
    ("Disbursement Transaction:Value", "value"),
    ("Disbursement Transaction:Currency", "currency"),
]
GRANTS_SHEET, DISBURSEMENTS_SHEET = "grants", "disbursements"
NUMBER_PATHS = {("amountAwarded",), ("amountDisbursed",)}


def _get(data, path):
    for step in path:
        if isinstance(step, int):
            if not isinstance(data, list) or len(data) <= step:
                return None
        elif not isinstance(data, dict):
            return None
        data = data[step] if isinstance(step, int) else data.get(step)
        if data is None:
            return None
    return data


def _set(data: dict, path: tuple, value) -> None:
    node = data
    for i, step in enumerate(path[:-1]):
        nxt = path[i + 1]
        container = [] if isinstance(nxt, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append(container if len(node) == step else {})
            node = node[step]
        else:
            node = node.setdefault(step, container)
    last = path[-1]
    node[last] = value


def grant_row(grant: dict) -> list:
    return [_get(grant, path) for _, path in GRANT_COLUMNS]


def disbursement_rows(grant: dict) -> Iterator[list]:
    for transaction in grant.get("disbursementTransaction") or []:
        yield [grant["id"], *(transaction.get(key) for _, key in DISBURSEMENT_COLUMNS)]


def grant_headers() -> list[str]:
    return [title for title, _ in GRANT_COLUMNS]


def disbursement_headers() -> list[str]:
    return ["Identifier", *(title for title, _ in DISBURSEMENT_COLUMNS)]


class _Echo:
    def write(self, value):
        return value


def stream_csv(rows: Iterable[list], headers: list[str]) -> Iterator[str]:
    """CSV text line by line (for a StreamingHttpResponse or a file), never the whole file in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in row])


def write_xlsx(grants: Iterable[dict], target) -> None:
    """Two sheets, `grants` and `disbursements`, in openpyxl's write-only mode (rows are flushed as they come)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(GRANTS_SHEET)
    transactions = book.create_sheet(DISBURSEMENTS_SHEET)
    sheet.append(grant_headers())
    transactions.append(disbursement_headers())
    for grant in grants:
        sheet.append(grant_row(grant))
        for row in disbursement_rows(grant):
            transactions.append(row)
    book.save(target)


# --- reading flat files back into grant objects -------------------------------------------------------------


def _cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def grants_from_rows(header: list[str], rows: Iterable[list], transactions: dict[str, list[dict]] | None = None):
    """Grant objects from rows under title headers; unknown columns are ignored, numbers kept as text for the
    importer to parse as Decimals. Yields (row number, grant)."""
    index = {title: i for i, title in enumerate(h.strip() if isinstance(h, str) else h for h in header)}
    for number, row in enumerate(rows, start=2):
        if all(_cell(v) is None for v in row):
            continue
        grant: dict = {}
        for title, path in GRANT_COLUMNS:
            position = index.get(title)
            if position is None or position >= len(row):
                continue
            value = _cell(row[position])
            if value is None:
                continue
            if hasattr(value, "isoformat"):
                value = value.date().isoformat() if hasattr(value, "date") else value.isoformat()
            _set(grant, path, value)
        if transactions and grant.get("id") in transactions:
            grant["disbursementTransaction"] = transactions[grant["id"]]
        yield number, grant


def transactions_from_rows(header: list[str], rows: Iterable[list]) -> dict[str, list[dict]]:
    index = {title: i for i, title in enumerate(header)}
    out: dict[str, list[dict]] = {}
    for row in rows:
        grant_id = _cell(row[index["Identifier"]]) if "Identifier" in index else None
        if grant_id is None:
            continue
        item = {}
        for title, key in DISBURSEMENT_COLUMNS:
            if title in index and index[title] < len(row):
                value = _cell(row[index[title]])
                if value is not None:
                    item[key] = value.date().isoformat() if hasattr(value, "date") else value
        out.setdefault(str(grant_id), []).append(item)
    return out


def read_csv(text: str, disbursements_text: str | None = None):
    """The grants sheet as CSV; with `disbursements_text`, the disbursements sheet (the second CSV download)."""
    transactions = {}
    if disbursements_text:
        rows = csv.reader(io.StringIO(disbursements_text.lstrip("\ufeff")))
        transactions = transactions_from_rows(next(rows, []), rows)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    return grants_from_rows(header, reader, transactions)


def read_xlsx(handle):
    from openpyxl import load_workbook

    book = load_workbook(handle, read_only=True, data_only=True)
    transactions = {}
    if DISBURSEMENTS_SHEET in book.sheetnames:
        rows = book[DISBURSEMENTS_SHEET].iter_rows(values_only=True)
        header = list(next(rows, []))
        transactions = transactions_from_rows(header, rows)
    sheet = book[GRANTS_SHEET] if GRANTS_SHEET in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows, []))
    return grants_from_rows(header, (list(r) for r in rows), transactions)
