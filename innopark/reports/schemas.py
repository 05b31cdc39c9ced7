"""API schemas of the reports app: inputs and outputs are separate classes."""

from __future__ import annotations

from ninja import Field, Schema


class CategoryCounts(Schema):
    digitalisation: int = 0
    digital_export: int = 0
    ict: int = 0
    new_materials: int = 0
    energy_efficiency: int = 0
    other: int = 0


class StatsRowOut(Schema):
    period: str = Field(..., description='"2015", "2015-Q1", or the whole range "2015-2017" on the total row.')
    is_total: bool
    projects: int
    amount_awarded_kzt: str = Field(..., description='Tenge as a decimal string, e.g. "21400000.00".')
    amount_disbursed_kzt: str
    contributions_kzt: str = Field(..., description="Money attracted from subsoil users into the zone's fund.")
    participants: int = Field(..., description="Participants active at the end of the period.")
    participants_admitted: int
    companies_registered: int = Field(
        ..., description="Organizations entered in the register during the period (each counted once)."
    )
    jobs_created: int
    digital_share_pct: int | None = Field(None, description="Share of projects in the digital categories, %.")
    projects_by_category: CategoryCounts


class FeedItemOut(Schema):
    kind: str = Field(..., description='"grant" or "participant".')
    id: str
    event_type: str
    changed_at: str
    data: dict | None = Field(None, description="The public fields as they are now; null if no longer public.")


class FeedPageOut(Schema):
    items: list[FeedItemOut]
    next_since: str = Field(..., description="Pass as ?since= to get what changed after this page.")
    has_more: bool


class DatasetOut(Schema):
    zone: str
    title: str
    licence: str
    last_update: str | None
    downloads: dict[str, str]
