"""Why a mentorship ended (issue 17: "matches ended and why"): an optional calm reason
the one who ends it may give, stored as a short code, never shown to the other person,
counted without names in the programme insights. Ends by a block or by staff carry
their own code. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.insights import FEWER, SHOWN
from portal.i18n import translate
from portal.models.mentoring import MentorMatch
from portal.models.notifications import Notification
from portal.services import insights, mentoring, notifications
from portal.services.accounts import blocks, my_data
from portal.services.insights.sections import ENDED_WHY
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused, refused_unchanged

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # a Thursday; the ranges end Monday 30 Nov
LAST_WEEK = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MEMBER_CHOICES = ("done", "busy", "fit", "other", "unsaid")


def _pair(session):
    survivor, mentor = make_survivor(session), make_mentor(session)
    return survivor, mentor, make_match(session, survivor, mentor)


def _reason(session, match) -> str | None:
    session.expire_all()
    return session.get(MentorMatch, match.id).ended_reason


# --- ending with a reason, without one, with anything else ------------------------------

@pytest.mark.parametrize("reason", MEMBER_CHOICES)
def test_each_offered_reason_is_kept_as_its_code(db_session, reason):
    survivor, _, match = _pair(db_session)
    view = mentoring.end_match(session=db_session, actor=actor_of(survivor),
                               match_id=match.id, reason=reason)
    assert view.status == "ended" and view.ended_by_me
    assert _reason(db_session, match) == reason


@pytest.mark.parametrize("nothing", [None, ""])
def test_ending_without_a_reason_counts_as_rather_not_say(db_session, nothing):
    _, mentor, match = _pair(db_session)
    mentoring.end_match(session=db_session, actor=actor_of(mentor), match_id=match.id,
                        reason=nothing)
    assert _reason(db_session, match) == "unsaid"
    _, mentor, match = _pair(db_session)
    mentoring.end_match(session=db_session, actor=actor_of(mentor), match_id=match.id)
    assert _reason(db_session, match) == "unsaid"


@pytest.mark.parametrize("garbage", ["block", "staff", "left", "DONE", "done ", "x" * 5000,
                                     5, 1.5, True, ["done"], {"reason": "done"}])
def test_a_reason_not_offered_is_refused_calmly_and_nothing_ends(db_session, garbage):
    """Codes only the system writes (a block, staff, a closed account) included."""
    survivor, _, match = _pair(db_session)
    error = refused_unchanged(db_session, "mentoring.bad_choice", lambda: mentoring.end_match(
        session=db_session, actor=actor_of(survivor), match_id=match.id, reason=garbage))
    assert translate("en", error.code) == "Please choose one of the options shown."
    assert db_session.get(MentorMatch, match.id).status == "active"


def test_a_stranger_with_a_reason_is_refused_before_the_reason_is_looked_at(db_session):
    _, _, match = _pair(db_session)
    stranger = make_survivor(db_session)
    with refused():
        mentoring.end_match(session=db_session, actor=actor_of(stranger), match_id=match.id,
                            reason="garbage")
    assert db_session.get(MentorMatch, match.id).status == "active"


# --- the promise: the other person is never told ---------------------------------------

def _partner_sees(session, partner, match) -> dict:
    """Everything the other person's screens and notices hold about the ending, without
    the ids and names that differ between two pairs."""
    view = dataclasses.asdict(mentoring.get_match(session=session, actor=actor_of(partner),
                                                  match_id=match.id))
    thread = mentoring.open_thread(session=session, actor=actor_of(partner),
                                   match_id=match.id)
    listed = [dataclasses.asdict(m) for m in mentoring.my_matches(
        session=session, actor=actor_of(partner))]
    notes = session.execute(select(Notification.kind, Notification.message_key,
                                   Notification.params)
                            .where(Notification.user_id == partner.id)).all()
    texts = [item.text for item in notifications.list_notifications(
        session=session, actor=actor_of(partner), language="en").items]
    for row in (view, *listed):
        for key in ("id", "partner_id", "partner_name", "started_at"):
            row.pop(key, None)
    return {"view": view, "thread_status": thread.match.status,
            "thread_ended_by_me": thread.match.ended_by_me, "listed": listed,
            "notes": [(kind, key) for kind, key, _ in notes],
            "note_params": [sorted(params) for _, _, params in notes], "texts": texts,
            "raw": repr((view, thread, listed, notes, texts))}


@pytest.mark.parametrize("side", ["survivor", "mentor"])
def test_the_other_person_sees_the_same_ending_whatever_reason_was_given(db_session, side):
    """Her mentor (or his mentee) sees exactly what an ending with no reason shows: on
    the mentorship, in the list, in the thread and in every notice."""
    seen = {}
    for reason in ("fit", "busy", None):
        survivor, mentor, match = _pair(db_session)
        ender, partner = (survivor, mentor) if side == "survivor" else (mentor, survivor)
        mentoring.end_match(session=db_session, actor=actor_of(ender), match_id=match.id,
                            reason=reason, now=LAST_WEEK)
        seen[reason] = _partner_sees(db_session, partner, match)
        assert not seen[reason]["thread_ended_by_me"]
    for told in ("fit", "busy"):
        assert {k: v for k, v in seen[told].items() if k != "raw"} == \
            {k: v for k, v in seen[None].items() if k != "raw"}
        words = translate("en", f"mentoring.end_reason.{told}")
        assert words not in seen[told]["raw"] and f"'{told}'" not in seen[told]["raw"]


def test_an_end_by_a_block_is_recorded_and_never_shown_to_the_blocked_person(db_session):
    survivor, mentor, match = _pair(db_session)
    blocks.block_member(session=db_session, actor=actor_of(survivor), member_id=mentor.id)
    assert _reason(db_session, match) == "block"
    blocked = _partner_sees(db_session, mentor, match)
    assert "block" not in blocked["raw"].lower()
    assert translate("en", "insights.ended_why.block") not in blocked["raw"]


# --- her data ---------------------------------------------------------------------------

def test_her_export_has_her_reason_and_never_her_partners(db_session):
    survivor, mentor, match = _pair(db_session)
    mentoring.end_match(session=db_session, actor=actor_of(survivor), match_id=match.id,
                        reason="busy")
    [hers] = my_data.export_my_data(session=db_session, actor=actor_of(survivor))[
        "mentorships"]
    assert hers["my_reason_for_ending"] == "busy"
    [his] = my_data.export_my_data(session=db_session, actor=actor_of(mentor))[
        "mentorships"]
    assert his["my_reason_for_ending"] is None and "busy" not in repr(his)


def test_erasing_her_account_keeps_no_reason_of_hers(db_session):
    survivor, mentor, match = _pair(db_session)
    mentoring.end_match(session=db_session, actor=actor_of(survivor), match_id=match.id,
                        reason="fit")
    other_survivor = make_survivor(db_session)
    still_active = make_match(db_session, other_survivor, mentor)
    my_data.delete_my_account(session=db_session, actor=actor_of(survivor),
                              passphrase=PASSPHRASE)
    db_session.expire_all()
    row = db_session.get(MentorMatch, match.id)
    assert (row.survivor_id, row.ended_by_id, row.ended_reason) == (None, None, None)
    # The mentor closing his account ends the other mentorship as "account closed".
    my_data.delete_my_account(session=db_session, actor=actor_of(mentor),
                              passphrase=PASSPHRASE)
    db_session.expire_all()
    assert _reason(db_session, still_active) == "left"


# --- the insights count them, without names ------------------------------------------------

def _ended_figure(session, weeks: int = 13):
    admin = make_user(session, roles=("admin",))
    view = insights.programme_insights(session=session, actor=actor_of(admin), weeks=weeks,
                                       now=NOW)
    [figure] = [f for s in view.sections for f in s.figures if f.key == "matches_ended"]
    return {row.label.removeprefix("insights.ended_why."): row.cell for row in figure.rows}, \
        figure


def test_the_insights_count_each_reason_against_hand_counted_endings(db_session):
    """Last week: 6 "we reached what we set out to do", 5 "life got busy" (one by a
    mentor), 5 with no reason said (two of them ended before reasons were kept)."""
    def end(reason, by="survivor"):
        survivor, mentor, match = _pair(db_session)
        mentoring.end_match(session=db_session, actor=actor_of(
            survivor if by == "survivor" else mentor), match_id=match.id, reason=reason,
            now=LAST_WEEK)
    for _ in range(6):
        end("done")
    for by in ("survivor",) * 4 + ("mentor",):
        end("busy", by)
    for _ in range(3):
        end(None)
    for _ in range(2):  # no code at all: counted as "rather not say"
        make_match(db_session, make_survivor(db_session), make_mentor(db_session),
                   status="ended", ended_at=LAST_WEEK)
    cells, figure = _ended_figure(db_session)
    assert tuple(cells) == ENDED_WHY
    assert {key: (cell.state, cell.value) for key, cell in cells.items()} == {
        "done": (SHOWN, 6), "busy": (SHOWN, 5), "fit": (SHOWN, 0), "other": (SHOWN, 0),
        "unsaid": (SHOWN, 5), "block": (SHOWN, 0), "staff": (SHOWN, 0), "left": (SHOWN, 0)}
    assert (figure.total.state, figure.total.value) == (SHOWN, 16)


def test_two_ends_by_a_block_say_fewer_than_5_and_cannot_be_subtracted(db_session):
    """Beside the 16 above, two mentorships ended by a block: "fewer than 5", and the
    total and the other reasons no longer add up to it in any range."""
    for reason in ("done",) * 6 + ("busy",) * 5 + ("unsaid",) * 5:
        survivor, _, match = _pair(db_session)
        mentoring.end_match(session=db_session, actor=actor_of(survivor), match_id=match.id,
                            reason=reason, now=LAST_WEEK)
    for _ in range(2):
        survivor, mentor, _ = _pair(db_session)
        blocks.block_member(session=db_session, actor=actor_of(mentor), member_id=survivor.id)
    db_session.execute(MentorMatch.__table__.update()
                       .where(MentorMatch.ended_reason == "block").values(ended_at=LAST_WEEK))
    db_session.commit()
    for weeks in (4, 13, 26, 52):
        cells, figure = _ended_figure(db_session, weeks)
        assert (cells["block"].state, cells["block"].value) == (FEWER, None)
        assert 2 not in [cell.value for cell in cells.values()]
        others_shown = all(cell.state == SHOWN for key, cell in cells.items()
                           if key != "block")
        assert figure.total.state != SHOWN or not others_shown


def test_the_insights_show_every_reason_when_each_has_five_or_more(db_session):
    for reason in ("done", "fit"):
        for _ in range(5):
            survivor, _, match = _pair(db_session)
            mentoring.end_match(session=db_session, actor=actor_of(survivor),
                                match_id=match.id, reason=reason, now=LAST_WEEK)
    cells, figure = _ended_figure(db_session)
    assert {key: (cell.state, cell.value) for key, cell in cells.items()} == {
        key: (SHOWN, 5 if key in ("done", "fit") else 0) for key in ENDED_WHY}
    assert (figure.total.state, figure.total.value) == (SHOWN, 10)
    # Who ended them is kept beside it.
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), weeks=13,
                                       now=NOW)
    [by] = [f for s in view.sections for f in s.figures if f.key == "matches_ended_by"]
    assert {row.label: row.cell.value for row in by.rows}["insights.ended_by.survivor"] == 10


def test_reasons_outside_the_chosen_weeks_are_not_counted(db_session):
    for _ in range(5):
        survivor, _, match = _pair(db_session)
        mentoring.end_match(session=db_session, actor=actor_of(survivor), match_id=match.id,
                            reason="other", now=NOW - timedelta(weeks=20))
    cells, _ = _ended_figure(db_session, weeks=13)
    assert cells["other"].value == 0 and cells["other"].state == SHOWN
    cells, _ = _ended_figure(db_session, weeks=26)
    assert (cells["other"].state, cells["other"].value) == (SHOWN, 5)
