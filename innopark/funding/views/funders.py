"""Pages for funders (their obligations, reports and statements) and for staff and officers who oversee them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token
from innopark.funding import selectors
from innopark.funding.forms import BaseDeclarationForm, DirectSpendingForm, FulfilmentReportForm
from innopark.funding.fulfilment import contract_years, funder_years
from innopark.funding.models import AccountKind, BaseDeclaration, FulfilmentReport, LedgerAccount, SubsoilContract
from innopark.funding.permissions import can_act_for_funder
from innopark.funding.services import base_declare, direct_spending_report, fulfilment_report_submit
from innopark.funding.statements import build_statement, statement_pdf, statement_xlsx

FORMS = {
    "declare": (BaseDeclarationForm, _("The base has been declared.")),
    "spending": (DirectSpendingForm, _("The spending has been reported.")),
    "report": (FulfilmentReportForm, _("The quarterly report has been submitted.")),
}


def _funder_or_404(user, key: str):
    try:
        return selectors.access_funder(user, key)
    except NotFound:
        raise Http404


@login_required
def funder_list(request):
    funders = list(selectors.funders_visible_to(request.user)[:500])
    if len(funders) == 1 and not request.GET:
        return redirect("funding:funder", key=funders[0].bin or funders[0].pk)
    rows = [{"funder": f, "years": funder_years(f)} for f in funders]
    return render(request, "funding/funder_list.html", {"rows": rows})


def _call_service(name: str, user, data: dict, files):
    contract = data["contract"]
    if name == "declare":
        return base_declare(
            actor=user, contract=contract, year=data["year"], base_tiyn=data["base"], document=data.get("document")
        )
    if name == "spending":
        return direct_spending_report(
            actor=user,
            contract=contract,
            year=data["year"],
            quarter=data["quarter"],
            amount_tiyn=data["amount"],
            description=data["description"],
            evidence=data.get("evidence"),
        )
    return fulfilment_report_submit(actor=user, contract=contract, year=data["year"], quarter=data["quarter"])


@login_required
def funder_detail(request, key: str):
    funder = _funder_or_404(request.user, key)
    can_act = can_act_for_funder(request.user, funder)
    contracts = SubsoilContract.objects.filter(organization=funder).order_by("signed_on", "number")
    forms = {}
    status = 200
    if can_act:
        posted = request.POST.get("form") if request.method == "POST" else None
        for name, (form_class, _done) in FORMS.items():
            bound = posted == name
            form = form_class(request.POST if bound else None, request.FILES if bound else None, prefix=name)
            form.set_contracts(contracts)
            forms[name] = form
        if posted in FORMS:
            form = forms[posted]
            if form.is_valid():
                try:
                    with transaction.atomic():
                        consume_form_token(form.cleaned_data["once"], user=request.user)
                        _call_service(posted, request.user, form.cleaned_data, request.FILES)
                except ApplicationError as error:
                    _rename_file_errors(error, posted)
                    apply_error_to_form(form, error)
                else:
                    messages.success(request, FORMS[posted][1])
                    return redirect("funding:funder", key=key)
            status = 400
    context = {
        "funder": funder,
        "contracts": [{"contract": c, "years": contract_years(c)} for c in contracts],
        "years": funder_years(funder),
        "declarations": BaseDeclaration.objects.filter(contract__organization=funder).select_related("contract"),
        "reports": FulfilmentReport.objects.filter(contract__organization=funder).select_related("contract"),
        "forms": forms,
        "can_act": can_act,
        "account": LedgerAccount.objects.filter(kind=AccountKind.FUNDER, organization=funder).first(),
        "reached": selectors.funder_grants_reached(funder),
    }
    return render(request, "funding/funder_detail.html", context, status=status)


def _rename_file_errors(error: ApplicationError, form_name: str) -> None:
    """Service field names that differ from the form's: base_tiyn → base, amount_tiyn → amount."""
    for service_name, form_field in (("base_tiyn", "base"), ("amount_tiyn", "amount")):
        if service_name in error.fields:
            error.fields[form_field] = error.fields.pop(service_name)


@login_required
def funder_statement(request, key: str, year: int):
    funder = _funder_or_404(request.user, key)
    if not 2009 <= year <= 2100:
        raise Http404
    statement = build_statement(funder, year)
    fmt = request.GET.get("format")
    filename = f"statement-{funder.bin or funder.pk}-{year}"
    if fmt == "pdf":
        response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            statement_xlsx(statement),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return render(request, "funding/statement.html", {"statement": statement, "funder": funder, "key": key})
