"""Public pages: the register with its filters and downloads, and certificate verification."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from innopark.core.errors import ApplicationError
from innopark.registry import exports, selectors
from innopark.registry.forms import RegisterFilterForm
from innopark.registry.public import RegisterFilter, register_page
from innopark.registry.workflow import ParticipantStatus


def _filter_from(request) -> tuple[RegisterFilterForm, RegisterFilter | None]:
    form = RegisterFilterForm(request.GET or None)
    if not request.GET:
        return form, RegisterFilter()
    if not form.is_valid():
        return form, None
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, RegisterFilter(**data)


@require_GET
def public_register(request):
    form, flt = _filter_from(request)
    rows, next_cursor, status = [], None, 200
    if flt is not None:
        try:
            rows, next_cursor = register_page(flt, after=request.GET.get("after"), limit=50)
        except ApplicationError as error:
            for field, messages in error.fields.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            status = 400
    else:
        status = 400
    labels = dict(ParticipantStatus.choices)
    for row in rows:
        row["status_label"] = labels.get(row["status"], row["status"])
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "rows": rows,
        "next_cursor": next_cursor,
        "query": query.urlencode(),
    }
    return render(request, "registry/public_register.html", context, status=status)


def _download(request, kind: str):
    form, flt = _filter_from(request)
    if flt is None:
        return public_register(request)
    try:
        return exports.csv_response(flt) if kind == "csv" else exports.xlsx_response(flt)
    except ApplicationError:
        return public_register(request)


@require_GET
def register_csv(request):
    return _download(request, "csv")


@require_GET
def register_xlsx(request):
    return _download(request, "xlsx")


@require_GET
def verify(request, number: str):
    certificate = selectors.certificate_by_number(number)
    state = selectors.certificate_state(certificate) if certificate else None
    replaced_by = certificate.replaced_by if certificate else None
    context = {"number": number, "certificate": certificate, "state": state, "replaced_by": replaced_by}
    return render(request, "registry/verify.html", context, status=200 if certificate else 404)


@require_GET
def verify_lookup(request):
    number = (request.GET.get("number") or "").strip()
    if number:
        return redirect("registry:verify", number=number)
    return render(request, "registry/verify.html", {"number": "", "certificate": None, "state": None})
