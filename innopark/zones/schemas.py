"""API schemas of the zones app: inputs and outputs are separate classes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"


class AuthorityRef(Schema):
    code: str
    name: str


class AuthorityOut(Schema):
    code: str
    kind: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str
    successor: str | None = Field(None, description="Code of the body that took over after a renaming or merger.")


class AuthorityPage(Schema):
    items: list[AuthorityOut]
    next_after: str | None = Field(None, description="Pass as ?after= to get the next page; null on the last page.")


class ZoneListItem(Schema):
    code: str
    kind: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str
    kato: str
    established_on: dt.date
    expires_on: dt.date
    is_fictitious: bool
    authority: AuthorityRef | None = Field(None, description="The authority overseeing the zone today.")


class ZonePage(Schema):
    items: list[ZoneListItem]
    next_after: str | None = Field(None, description="Pass as ?after= to get the next page; null on the last page.")


class PhaseOut(Schema):
    number: int
    name: str
    area_ha: str = Field(description="Hectares, as a decimal string.")
    budget_tiyn: int
    budget: str = Field(description="Tenge with two decimals, e.g. 21400000.00.")
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class PriorityActivityOut(Schema):
    oked: str
    title: str
    added_on: dt.date
    removed_on: dt.date | None
    basis: str


class OperatorAssignmentOut(Schema):
    bin: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    is_fictitious: bool


class HeadcountOut(Schema):
    on_date: dt.date
    headcount: int


class JurisdictionOut(Schema):
    authority: AuthorityRef
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="The first day the assignment no longer holds; null while it holds.")
    basis: str
    illustrative: bool = Field(description="The dates are illustrative, not taken from the act.")


class ZoneOut(ZoneListItem):
    legal_basis: str
    priority_income_threshold_pct: int
    phases: list[PhaseOut]
    priority_activities: list[PriorityActivityOut]
    operators: list[OperatorAssignmentOut]
    headcount: list[HeadcountOut]


class TransferIn(Schema):
    to_authority: str = Field(min_length=1, max_length=64, description="Code of the authority taking over.")
    effective_on: dt.date = Field(description="The first day the new authority oversees the zone.")
    basis: str = Field(max_length=500, description="The legal act that orders the transfer.")
