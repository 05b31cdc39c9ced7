"""Every bad input of the issue gets a clear error that names the field, and writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from innopark.accounts.models import Role, RoleAssignment
from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.funding import ledger
from innopark.projects import services
from innopark.projects.models import Application, ConflictRecord, Grant, ReviewAssignment
from innopark.projects.tests.factories import (
    application_values,
    full_scores,
    granted,
    make_call,
    reviewed_application,
    submitted_application,
)

pytestmark = pytest.mark.django_db


class Unchanged:
    """Asserts the audit chain did not grow inside the block."""

    def __enter__(self):
        self.count = AuditEvent.objects.count()
        return self

    def __exit__(self, *exc):
        assert AuditEvent.objects.count() == self.count
        return False


def draft(park, **overrides):
    values = application_values()
    values.update(overrides)
    return services.application_create(actor=park.rep, call=park.call, organization=park.org, **values)


def test_submit_after_the_deadline_is_refused_by_the_server(park):
    application = draft(park)
    park.call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    park.call.opens_at = timezone.now() - dt.timedelta(days=10)
    park.call.save()
    with Unchanged(), pytest.raises(Conflict) as error:
        services.application_submit(actor=park.rep, application=application)
    assert error.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == "draft"


def test_a_budget_that_does_not_add_up_is_refused(park):
    values = application_values()
    values["budget_lines"][0]["requested_tiyn"] -= 100
    application = draft(park, budget_lines=values["budget_lines"])
    with Unchanged(), pytest.raises(ApplicationError) as error:
        services.application_submit(actor=park.rep, application=application)
    assert error.value.code == "budget_does_not_add_up"
    assert "budget_lines" in error.value.fields


def test_a_tranche_schedule_that_does_not_match_the_amount_is_refused(park):
    values = application_values()
    values["milestones"][1]["tranche_tiyn"] += 1
    application = draft(park, milestones=values["milestones"])
    with Unchanged(), pytest.raises(ApplicationError) as error:
        services.application_submit(actor=park.rep, application=application)
    assert "milestones" in error.value.fields


def test_a_negative_amount_names_the_field(park):
    with Unchanged(), pytest.raises(ApplicationError) as error:
        draft(park, requested_tiyn=-1)
    assert error.value.fields == {"requested_tiyn": [error.value.message]}
    assert Application.objects.count() == 0


def test_an_applicant_that_is_not_an_active_participant_sees_the_problem_and_cannot_submit(park):
    from innopark.registry.tests import factories as rf

    outsider = rf.make_organization(park.admin)
    rep = rf.make_user(Role.PARTICIPANT_REP, organization=outsider)
    application = services.application_create(actor=rep, call=park.call, organization=outsider, **application_values())
    with Unchanged(), pytest.raises(ApplicationError) as error:
        services.application_submit(actor=rep, application=application)
    assert error.value.code == "not_active_participant"


def test_another_companys_representative_cannot_write_for_it(park):
    with Unchanged(), pytest.raises(NotAllowed):
        services.application_create(actor=park.other_rep, call=park.call, organization=park.org, **application_values())


def test_expert_cannot_score_an_application_not_assigned_to_them(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    assignment = services.review_assign(actor=park.staff, application=application, expert=park.experts[0])
    services.review_declare(actor=park.experts[0], assignment=assignment, has_conflict=False)
    with Unchanged(), pytest.raises(NotAllowed) as error:
        services.review_submit(
            actor=park.experts[1],
            assignment=assignment,
            scores=full_scores(park.call),
            recommendation="fund",
            comment="x",
        )
    assert error.value.code == "not_assigned"


def test_expert_cannot_score_before_declaring_or_after_recusing(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    assignment = services.review_assign(actor=park.staff, application=application, expert=park.experts[0])
    with Unchanged(), pytest.raises(Conflict) as error:
        services.review_submit(
            actor=park.experts[0],
            assignment=assignment,
            scores=full_scores(park.call),
            recommendation="fund",
            comment="x",
        )
    assert error.value.code == "declaration_required"
    services.review_declare(actor=park.experts[0], assignment=assignment, has_conflict=True, statement="My cousin")
    assert ConflictRecord.objects.filter(source="declared").count() == 1
    with Unchanged(), pytest.raises(Conflict) as error:
        services.review_submit(
            actor=park.experts[0],
            assignment=assignment,
            scores=full_scores(park.call),
            recommendation="fund",
            comment="x",
        )
    assert error.value.code == "recused"
    # The recusal opens the place again: the operator reassigns.
    services.review_assign(actor=park.staff, application=application, expert=park.experts[1])
    services.review_assign(actor=park.staff, application=application, expert=park.experts[2])


def test_known_conflict_blocks_the_assignment(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    expert = park.experts[0]
    RoleAssignment.objects.create(
        user=expert,
        role=Role.PARTICIPANT_REP,
        organization=park.org,
        valid_from=dt.date(2020, 1, 1),
        valid_to=timezone.localdate() - dt.timedelta(days=60),
    )
    with Unchanged(), pytest.raises(ApplicationError) as error:
        services.review_assign(actor=park.staff, application=application, expert=expert)
    assert error.value.code == "known_conflict"
    assert ReviewAssignment.objects.count() == 0
    # Automatic assignment passes over them and records why.
    chosen = services.review_assign_automatic(actor=park.staff, application=application)
    assert expert not in [a.expert for a in chosen]
    assert ConflictRecord.objects.get(source="detected").expert == expert


def test_declared_affiliation_blocks_the_assignment(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    services.expert_affiliation_declare(actor=park.experts[1], organization=park.org, relation="board member")
    with pytest.raises(ApplicationError) as error:
        services.review_assign(actor=park.staff, application=application, expert=park.experts[1])
    assert error.value.code == "known_conflict"


def test_expert_load_limit(park):
    call = make_call(park.staff, park.zone, max_reviews_per_expert=1)
    first = services.application_create(actor=park.rep, call=call, organization=park.org, **application_values())
    second = services.application_create(
        actor=park.other_rep, call=call, organization=park.other_org, **application_values()
    )
    for application, rep in ((first, park.rep), (second, park.other_rep)):
        services.application_submit(actor=rep, application=application)
        services.application_admit(actor=park.staff, application=application)
    services.review_assign(actor=park.staff, application=first, expert=park.experts[0])
    with pytest.raises(ApplicationError) as error:
        services.review_assign(actor=park.staff, application=second, expert=park.experts[0])
    assert error.value.code == "expert_overloaded"


def test_diverging_scores_flag_the_application_for_an_extra_expert(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    for expert, score in ((park.experts[0], 10), (park.experts[1], 1)):
        assignment = services.review_assign(actor=park.staff, application=application, expert=expert)
        services.review_declare(actor=expert, assignment=assignment, has_conflict=False)
        services.review_submit(
            actor=expert,
            assignment=assignment,
            scores=full_scores(park.call, score, team=score // 2),
            recommendation="fund",
            comment="x",
        )
    application.refresh_from_db()
    assert application.needs_extra_expert and application.status == "in_review"
    extra = services.review_assign(actor=park.staff, application=application, expert=park.experts[2])
    assert extra.is_extra
    services.review_declare(actor=park.experts[2], assignment=extra, has_conflict=False)
    services.review_submit(
        actor=park.experts[2], assignment=extra, scores=full_scores(park.call, 6), recommendation="fund", comment="x"
    )
    application.refresh_from_db()
    assert application.status == "reviewed" and not application.needs_extra_expert


def test_decision_by_the_person_who_recommended_is_refused(park):
    application = reviewed_application(park)
    services.proposal_prepare(actor=park.staff, application=application, outcome="approve", amount_tiyn=100)
    with Unchanged(), pytest.raises(NotAllowed) as error:
        services.decision_make(actor=park.staff, application=application, outcome="approve", amount_tiyn=100)
    assert error.value.code == "same_person"
    assert Grant.objects.count() == 0


def test_approval_beyond_the_calls_remaining_budget_is_refused(park):
    call = make_call(park.staff, park.zone, budget_tiyn=15_000_000_00)
    park.call = call
    granted(park)  # 10 m of 15 m
    application = reviewed_application(park, organization=park.other_org, rep=park.other_rep)
    services.proposal_prepare(actor=park.staff, application=application, outcome="approve", amount_tiyn=6_000_000_00)
    fund = ledger.account_balance(park.fund)
    with Unchanged(), pytest.raises(Conflict) as error:
        services.decision_make(actor=park.officer, application=application, outcome="approve", amount_tiyn=6_000_000_00)
    assert error.value.code == "over_budget"
    assert ledger.account_balance(park.fund) == fund
    # Within the budget it passes, with tranches scaled to the approved amount.
    decision = services.decision_make(
        actor=park.officer, application=application, outcome="approve", amount_tiyn=5_000_000_00
    )
    assert sum(m.tranche_tiyn for m in decision.grant.milestones.all()) == 5_000_000_00


def test_refusal_needs_reasons_and_creates_no_grant(park):
    application = reviewed_application(park)
    services.proposal_prepare(actor=park.staff, application=application, outcome="refuse", reasons="Weak market")
    with Unchanged(), pytest.raises(ApplicationError):
        services.decision_make(actor=park.officer, application=application, outcome="refuse")
    services.decision_make(actor=park.officer, application=application, outcome="refuse", reasons="Weak market")
    application.refresh_from_db()
    assert application.status == "refused" and Grant.objects.count() == 0


def test_disbursement_for_a_milestone_not_accepted_is_refused(park):
    grant = granted(park)
    milestone = grant.milestones.first()
    with Unchanged(), pytest.raises(Conflict) as error:
        services.tranche_disburse(actor=park.staff, milestone=milestone)
    assert error.value.code == "milestone_not_accepted"


def test_a_double_clicked_acceptance_is_refused_the_second_time_and_pays_once(park):
    grant = granted(park)
    milestone = grant.milestones.first()
    services.milestone_report(actor=park.rep, milestone=milestone, text="done")
    services.milestone_accept(actor=park.staff, milestone=milestone)
    balance = ledger.account_balance(grant.ledger_account)
    with Unchanged(), pytest.raises(Conflict):
        services.milestone_accept(actor=park.staff, milestone=milestone)
    assert ledger.account_balance(grant.ledger_account) == balance


def test_rejected_milestone_is_reported_again(park):
    grant = granted(park)
    milestone = grant.milestones.first()
    services.milestone_report(actor=park.rep, milestone=milestone, text="draft")
    services.milestone_reject(actor=park.staff, milestone=milestone, reasons="No acts attached")
    services.milestone_report(actor=park.rep, milestone=milestone, text="with acts")
    milestone.refresh_from_db()
    assert milestone.status == "reported"


def test_termination_returns_the_unspent_money_to_the_fund(park):
    grant = granted(park)
    milestone = grant.milestones.first()
    services.milestone_report(actor=park.rep, milestone=milestone, text="done")
    services.milestone_accept(actor=park.staff, milestone=milestone)
    fund = ledger.account_balance(park.fund)
    unspent = ledger.account_balance(grant.ledger_account)
    services.grant_terminate(actor=park.officer, grant=grant, reason="Breach", recovered_tiyn=100_00)
    assert ledger.account_balance(park.fund) == fund + unspent + 100_00
    assert ledger.account_balance(grant.ledger_account) == 0
    assert not grant.milestones.exclude(status__in=["paid", "cancelled"]).exists()


def test_suspended_grant_pays_nothing_and_puts_the_applicant_in_breach(park):
    from innopark.projects.eligibility import eligibility_problems

    grant = granted(park)
    services.grant_suspend(actor=park.staff, grant=grant, reason="Reports late")
    milestone = grant.milestones.first()
    with pytest.raises(Conflict):
        services.milestone_report(actor=park.rep, milestone=milestone, text="x")
    codes = [p.code for p in eligibility_problems(call=park.call, organization=park.org, on=timezone.localdate())]
    assert "grant_in_breach" in codes


def test_amendment_is_versioned_and_approved_by_someone_else(park):
    grant = granted(park)
    last = grant.milestones.order_by("-number").first()
    first = grant.milestones.order_by("number").first()
    new_due = last.due_on + dt.timedelta(days=60)
    amendment = services.grant_amendment_propose(
        actor=park.rep,
        grant=grant,
        reason="Certification delay",
        ends_on=grant.ends_on + dt.timedelta(days=60),
        milestones=[
            {"deliverable": first.deliverable, "due_on": first.due_on, "tranche_tiyn": first.tranche_tiyn},
            {"deliverable": last.deliverable, "due_on": new_due, "tranche_tiyn": last.tranche_tiyn},
        ],
    )
    with pytest.raises(NotAllowed):
        services.grant_amendment_decide(actor=park.rep, amendment=amendment, approve=True)
    services.grant_amendment_decide(actor=park.officer, amendment=amendment, approve=True, reasons="OK")
    grant.refresh_from_db()
    assert grant.version == 2
    assert grant.milestones.order_by("-number").first().due_on == new_due
    assert grant.amount_tiyn == 10_000_000_00


def test_amendment_with_tranches_that_do_not_match_is_refused(park):
    grant = granted(park)
    with Unchanged(), pytest.raises(ApplicationError) as error:
        services.grant_amendment_propose(
            actor=park.rep,
            grant=grant,
            reason="x",
            milestones=[{"deliverable": "All", "due_on": dt.date(2030, 1, 1), "tranche_tiyn": 1}],
        )
    assert error.value.code == "tranches_do_not_match"


def test_completion_and_outcome_reports(park):
    grant = granted(park)
    for milestone in grant.milestones.all():
        services.milestone_report(actor=park.rep, milestone=milestone, text="done")
        services.milestone_accept(actor=park.staff, milestone=milestone)
    services.grant_complete(actor=park.staff, grant=grant)
    services.outcome_report_submit(actor=park.rep, grant=grant, period="completion", jobs=5, exports_tiyn=100)
    with pytest.raises(Conflict):
        services.outcome_report_submit(actor=park.rep, grant=grant, period="completion", jobs=5)
    assert ledger.account_balance(grant.ledger_account) == 0


def test_withdrawn_application_frees_its_experts(park):
    application = submitted_application(park)
    services.application_admit(actor=park.staff, application=application)
    assignment = services.review_assign(actor=park.staff, application=application, expert=park.experts[0])
    services.application_withdraw(actor=park.rep, application=application)
    assignment.refresh_from_db()
    assert assignment.status == "revoked"


def test_backdating_is_refused_outside_history_imports(park):
    application = draft(park)
    with Unchanged(), pytest.raises(NotAllowed):
        services.application_submit(actor=park.rep, application=application, at=timezone.now() - dt.timedelta(days=1))


def test_a_milestone_document_of_the_wrong_type_or_size_is_refused_on_its_row(park, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_BYTES = 1024
    milestone = granted(park).milestones.first()
    pdf = SimpleUploadedFile("act.pdf", b"%PDF-1.4 acceptance act")
    script = SimpleUploadedFile("act.pdf", b"#!/bin/sh\necho not a pdf")
    huge = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2048)
    for bad, code in [(script, "file_type"), (huge, "file_too_large")]:
        with Unchanged(), pytest.raises(ApplicationError) as error:
            services.milestone_report(
                actor=park.rep, milestone=milestone, text="done", documents=[("Act", pdf), ("Other", bad)]
            )
        assert error.value.code == code
        assert "documents.2" in error.value.fields
        pdf.seek(0)
    report = services.milestone_report(actor=park.rep, milestone=milestone, text="done", documents=[("Act", pdf)])
    stored = report.documents.get()
    assert stored.file.name.endswith(".pdf") and not stored.file.name.endswith("act.pdf")
