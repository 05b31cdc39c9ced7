import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.registry import services
from innopark.registry.compliance import participant_compliance, zone_breaches
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db

FIGURES = {
    "total_income_tiyn": 100_000_00,
    "priority_income_tiyn": 95_000_00,
    "headcount": 10,
    "new_jobs": 2,
    "investment_tiyn": 5_000_000_00,
    "exports_tiyn": 10_000_00,
    "digital_exports_tiyn": 8_000_00,
    "tax_benefits_tiyn": 1_000_00,
}


@pytest.fixture
def participant(world):
    return f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2016, 3, 1))


def _file(actor, participant, year=2016, quarter=2, on=dt.date(2016, 7, 20), **changes):
    return services.report_file(
        actor=actor, participant=participant, year=year, quarter=quarter, on=on, **{**FIGURES, **changes}
    )


def test_representative_files_a_quarterly_report(world, participant):
    report = _file(world.rep, participant)
    assert report.period_label == "2016 Q2"
    assert AuditEvent.objects.order_by("-seq").first().event_type == "participant.report_filed"


def test_a_period_already_reported_is_refused(world, participant):
    _file(world.rep, participant)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as caught:
        _file(world.rep, participant, on=dt.date(2016, 8, 1))
    assert caught.value.code == "period_already_reported"
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total_income_tiyn": -1}, "total_income_tiyn"),
        ({"investment_tiyn": 10**18}, "investment_tiyn"),
        ({"priority_income_tiyn": 200_000_00}, "priority_income_tiyn"),
        ({"digital_exports_tiyn": 20_000_00}, "digital_exports_tiyn"),
        ({"quarter": 0}, "quarter"),
        ({"quarter": 5}, "quarter"),
        ({"year": 2016, "quarter": 4}, "year"),  # not ended on 2016-07-20
        ({"year": 2015, "quarter": 1}, "year"),  # before the register entry
        ({"headcount": -3}, "headcount"),
    ],
)
def test_bad_report_input_is_refused_naming_the_field(world, participant, changes, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        _file(world.rep, participant, **changes)
    assert field in caught.value.fields
    assert AuditEvent.objects.count() == before


def test_others_cannot_file_for_an_organization(world, participant):
    for outsider in (world.other_rep, world.staff, world.expert):
        with pytest.raises(NotAllowed):
            _file(outsider, participant)


def test_annual_zone_takes_annual_reports(world):
    zone = f.make_zone(world.admin, "annual-itp", report_period="year")
    participant = f.make_participant(world.admin, world.other_org, zone, registered_on=dt.date(2016, 3, 1))
    report = _file(world.other_rep, participant, year=2016, quarter=0, on=dt.date(2017, 2, 1))
    assert report.period_label == "2016"


def test_compliance_flags_share_below_threshold_late_and_missing_reports(world, participant):
    _file(world.rep, participant, year=2016, quarter=1, on=dt.date(2016, 4, 20))  # registered in Q1
    _file(world.rep, participant, year=2016, quarter=2, on=dt.date(2016, 9, 1), priority_income_tiyn=80_000_00)
    result = participant_compliance(participant, today=dt.date(2016, 12, 1))
    keys = {b.key for b in result.breaches}
    assert "priority_share:2016-2" in keys
    assert "missing:2016-3" in keys  # due 30 October
    assert result.late_count == 1
    assert [line.period.label for line in result.lines] == ["2016 Q1", "2016 Q2", "2016 Q3"]


def test_a_100_percent_zone_flags_any_non_priority_income(world):
    zone = f.make_zone(world.admin, "hub-itp", priority_income_threshold_pct=100)
    participant = f.make_participant(world.admin, world.other_org, zone, registered_on=dt.date(2016, 3, 1))
    _file(world.other_rep, participant, year=2016, quarter=1, on=dt.date(2016, 4, 20), priority_income_tiyn=99_999_99)
    keys = {b.key for b in participant_compliance(participant, today=dt.date(2016, 5, 1)).breaches}
    assert keys == {"priority_share:2016-1"}


def test_obligations_are_compared_with_actuals_after_their_deadline(world, participant):
    result = participant_compliance(participant, today=dt.date(2018, 1, 15))
    assert {"investment", "jobs"} <= {b.key for b in result.breaches}


def test_operator_decides_a_consequence_and_a_suspension_is_carried_out(world, participant):
    on = dt.date(2018, 2, 1)
    decision = services.compliance_decision_record(
        actor=world.staff,
        participant=participant,
        breach_key="investment",
        consequence="suspension",
        note="Ст. 8",
        on=on,
    )
    participant.refresh_from_db()
    assert (decision.consequence, participant.status) == ("suspension", "suspended")
    open_keys = {b.key for _p, b in zone_breaches(world.zone, today=on)}
    assert "investment" not in open_keys and "jobs" in open_keys
    with pytest.raises(Conflict):
        services.compliance_decision_record(
            actor=world.staff, participant=participant, breach_key="investment", consequence="warning", note="", on=on
        )
    with pytest.raises(ApplicationError):
        services.compliance_decision_record(
            actor=world.staff, participant=participant, breach_key="nonsense", consequence="warning", note="", on=on
        )
    with pytest.raises(NotAllowed):
        services.compliance_decision_record(
            actor=world.rep, participant=participant, breach_key="jobs", consequence="warning", note="", on=on
        )
