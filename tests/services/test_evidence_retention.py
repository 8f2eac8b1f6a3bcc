"""Deleting an account does not destroy the evidence against it: reports and moderation
records about a member outlive the account, pseudonymised ("former member"), for the
evidence retention period, and then the scheduler purges them (and not before). The
other person's own messages follow the other person's data, not the deleter's."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.jobs.registry import job_named
from portal.models.groups import ModerationRecord
from portal.models.mentoring import MentorMatch, MentorMessage, MessageReport
from portal.models.types import utcnow
from portal.services import mentoring
from portal.services.accounts import my_data
from portal.services.mentoring import _data as mentoring_data
from portal.services.moderation import members as moderation_members
from portal.settings import get_settings, load_settings
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.factories.mentoring import make_match, make_mentor
from tests.services.test_moderation_queue import item_for

YEAR = timedelta(days=365)


def _count(db_session, model, *where) -> int:
    return db_session.execute(select(func.count()).select_from(model).where(*where)
                              ).scalar_one()


def _delete(db_session, user) -> None:
    my_data.delete_my_account(session=db_session, actor=actor_of(user), passphrase=PASSPHRASE)
    db_session.expire_all()


@pytest.fixture
def reported(db_session):
    """Survivor Luna reports a message from Mentor Sol; both wrote in their thread. (The
    message has no address or phone number: those are held before delivery.)"""
    luna = make_user(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    match = make_match(db_session, luna, sol)
    bad = mentoring.send_message(session=db_session, actor=actor_of(sol), match_id=match.id,
                                 body="You owe me for everything. Do what I say.")
    mine = mentoring.send_message(session=db_session, actor=actor_of(luna), match_id=match.id,
                                  body="I would rather meet by video, thank you.")
    mentoring.report_message(session=db_session, actor=actor_of(luna), message_id=bad.id)
    moderator = make_user(db_session, name="Moderator Heron", roles=("moderator",))
    return luna, sol, match, mine, moderator


def test_a_reported_member_deleting_her_account_leaves_the_report_pseudonymised(
        db_session, reported):
    luna, sol, match, _mine, moderator = reported
    sol_id, sol_name = sol.id, sol.display_name
    _delete(db_session, sol)
    report = db_session.execute(select(MessageReport)).scalar_one()
    assert report.reported_member_id is None and report.reporter_id == luna.id
    assert report.excerpt == "You owe me for everything. Do what I say."
    assert report.subject_erased_at is not None
    # The moderators still see it, naming nobody: the page shows "former member".
    rows = mentoring.list_message_reports(session=db_session, actor=actor_of(moderator))
    assert [(r.excerpt, r.reported_name, r.reported_member_id, r.reporter_name)
            for r in rows] == [("You owe me for everything. Do what I say.", "", None,
                                "Survivor Luna")]
    assert sol_name not in repr(rows) and str(sol_id) not in {str(r.reported_member_id)
                                                              for r in rows}


def test_the_partners_own_messages_follow_the_partners_data(db_session, reported):
    luna, sol, match, mine, _moderator = reported
    _delete(db_session, sol)
    # Sol's words went with Sol; Luna's stay with Luna, in her thread and her export.
    assert _count(db_session, MentorMessage, MentorMessage.sender_id == luna.id) == 1
    assert _count(db_session, MentorMessage) == 1
    thread = mentoring.list_messages(session=db_session, actor=actor_of(luna),
                                     match_id=match.id)
    assert [(m.body, m.mine) for m in thread.messages] == [(mine.body, True)]
    exported = my_data.export_my_data(session=db_session, actor=actor_of(luna))
    assert [m["text"] for m in exported["mentoring_messages_sent"]] == [mine.body]
    [view] = mentoring.my_matches(session=db_session, actor=actor_of(luna))
    assert (view.status, view.partner_name, view.partner_id) == ("ended", "", 0)
    # When Luna goes too, nothing of the mentorship is left, but the report still is.
    _delete(db_session, luna)
    assert _count(db_session, MentorMessage) == 0 and _count(db_session, MentorMatch) == 0
    report = db_session.execute(select(MessageReport)).scalar_one()
    assert (report.reporter_id, report.reported_member_id, report.match_id) == (None, None,
                                                                                None)


def test_a_reporter_deleting_her_account_does_not_take_the_report_with_her(
        db_session, reported):
    luna, sol, _match, _mine, moderator = reported
    _delete(db_session, luna)
    report = db_session.execute(select(MessageReport)).scalar_one()
    assert (report.reporter_id, report.reported_member_id) == (None, sol.id)
    assert report.subject_erased_at is None  # evidence about a current member: kept
    assert job_named("purge_erased_member_reports").run(db_session, utcnow() + 2 * YEAR) == 0
    rows = mentoring.list_message_reports(session=db_session, actor=actor_of(moderator))
    assert [(r.reporter_name, r.reported_name) for r in rows] == [("", "Mentor Sol")]


def test_the_purge_job_removes_reports_after_the_retention_period_and_not_before(
        db_session, reported):
    _luna, sol, _match, _mine, _moderator = reported
    assert get_settings().evidence_retention_days == 365
    _delete(db_session, sol)
    erased_at = db_session.execute(select(MessageReport.subject_erased_at)).scalar_one()
    purge = job_named("purge_erased_member_reports").run
    assert purge(db_session, erased_at + YEAR - timedelta(minutes=1)) == 0
    assert _count(db_session, MessageReport) == 1
    assert purge(db_session, erased_at + YEAR) == 1
    assert _count(db_session, MessageReport) == 0


def test_the_retention_period_is_a_setting(db_session, reported, monkeypatch):
    monkeypatch.setenv("LANTERN_EVIDENCE_RETENTION_DAYS", "30")
    shorter = load_settings()
    assert shorter.evidence_retention_days == 30
    monkeypatch.setattr(mentoring_data, "get_settings", lambda: dataclasses.replace(
        get_settings(), evidence_retention_days=30))
    _luna, sol, _match, _mine, _moderator = reported
    _delete(db_session, sol)
    erased_at = db_session.execute(select(MessageReport.subject_erased_at)).scalar_one()
    purge = job_named("purge_erased_member_reports").run
    assert purge(db_session, erased_at + timedelta(days=29)) == 0
    assert purge(db_session, erased_at + timedelta(days=30)) == 1


@pytest.fixture
def warned(db_session):
    group = make_group(db_session, name="Morning check-in")
    heron = make_moderator(db_session, group, name="Moderator Heron")
    newcomer = make_member(db_session, group, name="New Willow")
    outcome = thread_by(db_session, newcomer, group, title="Hello", body="My first post.")
    moderation_members.warn_author(session=db_session, actor=actor_of(heron),
                                   item_id=item_for(db_session, outcome.post_id),
                                   reason="Please keep contact details private.")
    return heron, newcomer


def test_moderation_records_about_a_deleted_member_stay_for_moderators_pseudonymised(
        db_session, warned):
    heron, newcomer = warned
    newcomer_id = newcomer.id
    _delete(db_session, newcomer)
    record = db_session.execute(select(ModerationRecord).where(
        ModerationRecord.action == "warn")).scalar_one()
    assert record.target_user_id is None and record.subject_erased_at is not None
    assert record.reason == "Please keep contact details private."
    rows, _more = moderation_members.list_history(session=db_session, actor=actor_of(heron))
    warn = [row for row in rows if row.action == "warn"]
    assert [(row.member_name, row.moderator_name) for row in warn] == [("", "Moderator Heron")]
    assert "New Willow" not in repr(rows)
    assert _count(db_session, ModerationRecord,
                  ModerationRecord.target_user_id == newcomer_id) == 0


def test_the_purge_job_removes_moderation_records_after_the_retention_period_only(
        db_session, warned):
    _heron, newcomer = warned
    kept_about_others = _count(db_session, ModerationRecord)
    _delete(db_session, newcomer)
    erased_at = db_session.execute(select(func.max(ModerationRecord.subject_erased_at))
                                   ).scalar_one()
    about_her = _count(db_session, ModerationRecord,
                       ModerationRecord.subject_erased_at.is_not(None))
    assert about_her >= 1
    purge = job_named("purge_erased_member_records").run
    assert purge(db_session, erased_at + YEAR - timedelta(seconds=1)) == 0
    assert purge(db_session, erased_at + YEAR) == about_her
    assert _count(db_session, ModerationRecord) == kept_about_others - about_her
