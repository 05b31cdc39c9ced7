"""Streamed downloads of the public register: CSV through StreamingHttpResponse, XLSX in openpyxl's write-only
mode (rows are written as they are read; the workbook is then streamed from a temporary file)."""

from __future__ import annotations

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from innopark.registry.public import PUBLIC_COLUMNS, RegisterFilter, register_rows_all
from innopark.registry.workflow import ParticipantStatus


class _Echo:
    def write(self, value):
        return value


def _cells(row: dict, status_labels: dict) -> list:
    out = []
    for name, _label in PUBLIC_COLUMNS:
        value = row.get(name)
        if name == "status":
            value = status_labels.get(value, value)
        out.append("" if value is None else value)
    return out


def _filename(ext: str) -> str:
    return f"innopark-register-{timezone.localdate().isoformat()}.{ext}"


def csv_response(flt: RegisterFilter) -> StreamingHttpResponse:
    flt.validate()
    status_labels = {k: str(v) for k, v in ParticipantStatus.choices}
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # a BOM, so that spreadsheet programs read the Cyrillic names as UTF-8
        yield writer.writerow([str(label) for _name, label in PUBLIC_COLUMNS])
        for row in register_rows_all(flt):
            yield writer.writerow([c.isoformat() if hasattr(c, "isoformat") else c for c in _cells(row, status_labels)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(flt: RegisterFilter) -> FileResponse:
    from openpyxl import Workbook

    flt.validate()
    status_labels = {k: str(v) for k, v in ParticipantStatus.choices}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("register")
    sheet.append([str(label) for _name, label in PUBLIC_COLUMNS])
    for row in register_rows_all(flt):
        sheet.append(_cells(row, status_labels))
    # The spooled file stays in memory while small and moves to disk when large: constant memory either way.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
