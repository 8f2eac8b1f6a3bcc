"""The audit log as staff read it (issue 13 item 11): pseudonyms, not user numbers;
repeated reads folded into one line; filters by person, action and dates; pages; and
who may read it at all. Invite labels are plain text of limited length."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry, Invite
from portal.services import audit
from portal.services.accounts import staff
from portal.services.errors import ServiceError
from tests.factories.accounts import actor_of, make_user
from tests.refusals import refused

NOW = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)


def log(session, actor, action, *, minutes_ago: int, target=None, target_type="user"):
    session.add(AuditEntry(actor_id=actor.id if actor else None, action=action,
                           target_type=target_type if target else "",
                           target_id=target.id if target else None,
                           at=NOW - timedelta(minutes=minutes_ago)))
    session.commit()


@pytest.fixture
def people(db_session):
    admin = make_user(db_session, name="Admin Owl", roles=("admin",))
    heron = make_user(db_session, name="Staff Heron", roles=("moderator",))
    fox = make_user(db_session, name="Quiet Fox")
    return admin, heron, fox


def test_the_log_names_people_by_pseudonym_never_by_number(db_session, people):
    admin, heron, fox = people
    log(db_session, heron, "moderation.warn", minutes_ago=5, target=fox)
    line = staff.read_audit_log(session=db_session, actor=actor_of(admin)).lines[0]
    assert (line.actor_name, line.target_name) == ("Staff Heron", "Quiet Fox")
    assert line.action == "moderation.warn" and not line.is_read


def test_repeated_reads_are_hidden_by_default_and_fold_into_one_line_when_asked(
        db_session, people):
    admin, heron, fox = people
    for minute in range(14):
        log(db_session, heron, "moderation.queue_read", minutes_ago=100 - minute)
    log(db_session, heron, "moderation.hide", minutes_ago=50, target=fox)
    log(db_session, heron, "moderation.queue_read", minutes_ago=10)
    plain = staff.read_audit_log(session=db_session, actor=actor_of(admin))
    assert [line.action for line in plain.lines] == ["moderation.hide"]
    folded = staff.read_audit_log(session=db_session, actor=actor_of(admin),
                                  include_reads=True).lines
    assert [(line.action, line.times) for line in folded] == [
        ("moderation.queue_read", 1), ("moderation.hide", 1), ("moderation.queue_read", 14)]
    assert folded[2].first_at < folded[2].at


def test_reads_by_different_people_do_not_fold_together(db_session, people):
    admin, heron, _fox = people
    log(db_session, heron, "moderation.queue_read", minutes_ago=3)
    log(db_session, admin, "moderation.queue_read", minutes_ago=2)
    log(db_session, heron, "moderation.queue_read", minutes_ago=1)
    lines = staff.read_audit_log(session=db_session, actor=actor_of(admin),
                                 action="moderation.queue_read").lines
    assert [(line.actor_name, line.times) for line in lines] == [
        ("Staff Heron", 1), ("Admin Owl", 1), ("Staff Heron", 1)]


def test_filters_by_person_action_and_days(db_session, people):
    admin, heron, fox = people
    log(db_session, heron, "moderation.warn", minutes_ago=60 * 24 * 3, target=fox)
    log(db_session, heron, "moderation.mute", minutes_ago=30, target=fox)
    log(db_session, admin, "member.suspend", minutes_ago=20, target=fox)
    owl = actor_of(admin)

    def actions(**filters):
        return [line.action for line in
                staff.read_audit_log(session=db_session, actor=owl, **filters).lines]

    assert actions(person_id=heron.id) == ["moderation.mute", "moderation.warn"]
    assert actions(person_id=str(admin.id)) == ["member.suspend"]
    assert actions(action="moderation.warn") == ["moderation.warn"]
    assert actions(person_id=heron.id, action="member.suspend") == []
    day = (NOW - timedelta(days=3)).date().isoformat()
    assert actions(since=day, until=day) == ["moderation.warn"]
    assert actions(since=NOW.date().isoformat()) == ["member.suspend", "moderation.mute"]
    page = staff.read_audit_log(session=db_session, actor=owl)
    assert dict(page.people) == {admin.id: "Admin Owl", heron.id: "Staff Heron"}
    assert set(page.actions) == {"moderation.warn", "moderation.mute", "member.suspend"}


def test_days_are_the_readers_own_days(db_session, people):
    admin, heron, fox = people
    admin.timezone = "America/Los_Angeles"
    db_session.commit()
    # 02:00 UTC on 5 Dec is still 4 Dec in Los Angeles.
    db_session.add(AuditEntry(actor_id=heron.id, action="moderation.warn", target_type="user",
                              target_id=fox.id, at=datetime(2026, 12, 5, 2, 0, tzinfo=UTC)))
    db_session.commit()
    lines = staff.read_audit_log(session=db_session, actor=actor_of(admin),
                                 since="2026-12-04", until="2026-12-04").lines
    assert [line.action for line in lines] == ["moderation.warn"]


@pytest.mark.parametrize("filters, code", [
    ({"since": "yesterday"}, "staff.audit_bad_date"),
    ({"since": "2026-12-06", "until": "2026-12-01"}, "staff.audit_dates_reversed"),
])
def test_bad_dates_are_refused_calmly(db_session, people, filters, code):
    admin, _heron, _fox = people
    with refused(ServiceError, code=code):
        staff.read_audit_log(session=db_session, actor=actor_of(admin), **filters)


def test_an_action_filter_that_is_not_a_code_matches_nothing_special(db_session, people):
    admin, heron, fox = people
    log(db_session, heron, "moderation.warn", minutes_ago=1, target=fox)
    assert audit.clean_action("moderation.warn' OR 1=1 --") == ""
    lines = staff.read_audit_log(session=db_session, actor=actor_of(admin),
                                 action="%").lines
    assert [line.action for line in lines] == ["moderation.warn"]


def test_the_log_comes_in_pages(db_session, people):
    admin, heron, fox = people
    for minute in range(audit.PAGE_SIZE + 3):
        log(db_session, heron, "moderation.warn", minutes_ago=minute + 1, target=fox)
    first = staff.read_audit_log(session=db_session, actor=actor_of(admin))
    second = staff.read_audit_log(session=db_session, actor=actor_of(admin), page=1)
    assert len(first.lines) == audit.PAGE_SIZE and first.has_more
    assert len(second.lines) == 3 and not second.has_more
    assert not {line.id for line in first.lines} & {line.id for line in second.lines}


def test_a_member_whose_account_is_gone_has_no_name_in_the_log(db_session, people):
    admin, heron, fox = people
    log(db_session, heron, "moderation.warn", minutes_ago=1, target=fox)
    fox.status = "deleted"
    db_session.commit()
    line = staff.read_audit_log(session=db_session, actor=actor_of(admin)).lines[0]
    assert line.target_name == "" and line.target_id == fox.id


@pytest.mark.parametrize("roles, allowed", [
    (("admin",), True),
    (("moderator",), False),
    (("coordinator",), False),
    (("partner",), False),
    (("mentor",), False),
    (("survivor",), False),
])
def test_only_admins_read_the_audit_log(db_session, people, roles, allowed):
    reader = make_user(db_session, name="Reader Wren", roles=roles)
    if allowed:
        assert staff.read_audit_log(session=db_session, actor=actor_of(reader)).page == 0
    else:
        with refused(PermissionDenied):
            staff.read_audit_log(session=db_session, actor=actor_of(reader))


def test_an_invite_keeps_its_label_shown_to_its_inviters(db_session, people):
    admin, heron, _fox = people
    created = staff.create_invite(session=db_session, actor=actor_of(heron), role="survivor",
                                  organisation="Harbor", label="  For the   Tuesday group ")
    assert created.label == "For the Tuesday group"
    rows = staff.list_invites(session=db_session, actor=actor_of(admin))
    assert [row.label for row in rows] == ["For the Tuesday group"]


def test_an_invite_label_is_plain_text_and_short(db_session, people):
    admin, _heron, _fox = people
    staff.create_invite(session=db_session, actor=actor_of(admin), role="survivor",
                        organisation="Harbor", label="For\nTuesday\u200b\x07  group")
    stored = db_session.execute(select(Invite)).scalar_one()
    # One plain line (rendered as text, never as HTML): no newline, control or
    # invisible characters.
    assert stored.label == "For Tuesday group"
    with refused(ServiceError, code="sanitize.too_long"):
        staff.create_invite(session=db_session, actor=actor_of(admin), role="survivor",
                            organisation="Harbor", label="x" * (staff.MAX_LABEL + 1))
    assert len(db_session.execute(select(Invite)).scalars().all()) == 1
