"""API schemas of the registry: separate input and output shapes. Money is integer tiyn (`*_tiyn`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

TIYN = {"ge": 0, "le": 10**17}
COUNT = {"ge": 0, "le": 1_000_000}


class PublicParticipantOut(Schema):
    id: int
    register_entry_number: str | None
    registered_on: dt.date | None
    zone: str
    bin: str | None
    open_data_id: str
    name_kk: str
    name_ru: str
    name_en: str
    oked: str
    status: str
    admitted_on: dt.date
    excluded_on: dt.date | None
    certificate_number: str | None


class PublicParticipantPage(Schema):
    items: list[PublicParticipantOut]
    next: str | None = Field(None, description="Pass as `after` to read the next page; null on the last page.")


class CertificateVerificationOut(Schema):
    number: str
    state: str = Field(description="valid, suspended, revoked or replaced (by a reissued certificate)")
    issued_on: dt.date
    organization: str
    bin: str | None
    zone: str
    register_entry_number: str | None
    replaced_by: str | None = Field(None, description="The number of the certificate that replaced this one")
    replaces: str | None = Field(None, description="The number of the certificate this one replaced")


class OrganizationIn(Schema):
    bin: str | None = Field(None, max_length=32)
    name_ru: str = Field(max_length=300)
    name_kk: str = Field("", max_length=300)
    name_en: str = Field("", max_length=300)
    legal_form: str = Field("", max_length=64)
    address: str = Field("", max_length=500)
    kato: str = Field("", max_length=16)
    oked: str = Field("", max_length=16)
    founded_on: dt.date | None = None
    state_share_50: bool = False
    is_subsoil_user: bool = False
    produces_excisable: bool = False
    foreign_registration_number: str = Field("", max_length=64)
    foreign_country: str = Field("", max_length=2)


class OrganizationOut(Schema):
    id: int
    bin: str | None
    open_data_id: str
    name_kk: str
    name_ru: str
    name_en: str
    legal_form: str
    kato: str
    oked: str
    founded_on: dt.date | None
    state_share_50: bool
    is_subsoil_user: bool
    produces_excisable: bool


class ApplicationIn(Schema):
    organization_id: int
    zone: str = Field(max_length=64, description="zone code, e.g. alatau-itp")
    project_title: str = Field(max_length=300)
    project_summary: str = Field(max_length=20000)
    oked: str = Field(max_length=16)
    planned_investment_tiyn: int = Field(0, **TIYN)
    planned_jobs: int = Field(0, **COUNT)
    declares_true_data: bool = False
    declares_no_bankruptcy: bool = False
    declares_no_tax_debt: bool = False


class ApplicationOut(Schema):
    id: int
    organization_id: int
    zone: str
    status: str
    project_title: str
    oked: str
    planned_investment_tiyn: int
    planned_jobs: int
    submitted_on: dt.date | None
    step_due_on: dt.date | None
    return_reason: str
    decided_on: dt.date | None
    decision_reasons: str
    participant_id: int | None


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next: str | None


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class EligibilityOut(Schema):
    eligible: bool
    problems: list[ProblemOut]


class ReasonIn(Schema):
    reason: str = Field(max_length=5000)


class DecisionIn(Schema):
    approve: bool
    reasons: str = Field(max_length=5000)


class DocumentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str


class AgreementIn(Schema):
    number: str = Field(max_length=64)
    signed_on: dt.date
    valid_until: dt.date
    investment_tiyn: int = Field(**TIYN)
    jobs: int = Field(**COUNT)
    obligations_due_on: dt.date
    obligations_text: str = Field("", max_length=5000)


class RegisterIn(Schema):
    registered_on: dt.date
    entry_number: str = Field("", max_length=32)


class CertificateIn(Schema):
    issued_on: dt.date


class StatusChangeIn(Schema):
    on: dt.date
    grounds: str = Field(max_length=5000)


class AgreementOut(Schema):
    number: str
    signed_on: dt.date
    valid_until: dt.date
    investment_tiyn: int
    jobs: int
    obligations_due_on: dt.date


class ParticipantOut(Schema):
    id: int
    organization_id: int
    organization: str
    bin: str | None
    zone: str
    status: str
    oked: str
    admitted_on: dt.date
    register_entry_number: str | None
    registered_on: dt.date | None
    suspended_on: dt.date | None
    excluded_on: dt.date | None
    exclusion_grounds: str
    agreement: AgreementOut | None
    certificate_number: str | None


class ReportIn(Schema):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(0, ge=0, le=4, description="1-4 for quarterly zones, 0 for annual reports")
    total_income_tiyn: int = Field(**TIYN)
    priority_income_tiyn: int = Field(**TIYN)
    headcount: int = Field(**COUNT)
    new_jobs: int = Field(**COUNT)
    investment_tiyn: int = Field(**TIYN)
    exports_tiyn: int = Field(**TIYN)
    digital_exports_tiyn: int = Field(**TIYN)
    tax_benefits_tiyn: int = Field(**TIYN)


class ReportCorrectionIn(Schema):
    reason: str = Field(min_length=1, max_length=5000, description="what the correction corrects")
    total_income_tiyn: int = Field(**TIYN)
    priority_income_tiyn: int = Field(**TIYN)
    headcount: int = Field(**COUNT)
    new_jobs: int = Field(**COUNT)
    investment_tiyn: int = Field(**TIYN)
    exports_tiyn: int = Field(**TIYN)
    digital_exports_tiyn: int = Field(**TIYN)
    tax_benefits_tiyn: int = Field(**TIYN)


class CertificateReissueIn(Schema):
    reason: str = Field(description="lost, name_change or data_correction", max_length=20)
    note: str = Field("", max_length=5000)
    issued_on: dt.date | None = Field(None, description="default: today")


class ReportOut(Schema):
    id: int
    year: int
    quarter: int
    total_income_tiyn: int
    priority_income_tiyn: int
    headcount: int
    new_jobs: int
    investment_tiyn: int
    exports_tiyn: int
    digital_exports_tiyn: int
    tax_benefits_tiyn: int
    submitted_on: dt.date
    corrects_id: int | None = Field(None, description="the report this one corrects")
    correction_reason: str = ""
    superseded: bool = Field(False, description="true when a later correction replaced this version")


class BreachOut(Schema):
    key: str
    kind: str
    message: str
    consequence: str | None


class ComplianceOut(Schema):
    threshold_pct: int
    late_reports: int
    missing_reports: int
    investment_actual_tiyn: int
    jobs_actual: int
    breaches: list[BreachOut]
