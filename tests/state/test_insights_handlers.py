"""Insights handlers called the way a browser (or an attacker) would: any range
payload, and callers who may not see the figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.models import AuditEntry
from portal.services.insights import DEMO_HISTORY_ORGANISATION
from portal.state.insights import InsightsState
from tests.factories.accounts import make_user
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"weeks": 52}, ["52"], "52; DROP TABLE users", True, "5"]


def test_an_admin_sees_every_section_with_a_reading_and_a_table(app_db):
    admin = Browser.with_token(token_for(app_db, make_user(app_db, roles=("admin",))))
    admin.call(InsightsState, "load_insights")
    state = admin.state(InsightsState)
    assert state.insights_weeks == 13 and state.insights_range.startswith("Weeks from")
    sections = [card["section"] for card in state.figures if card["section"]]
    assert sections == ["Mentoring", "Groups and safety", "Calendar", "Volunteering",
                        "Directory", "Members"]
    assert all(card["reading"] and card["rows"] for card in state.figures
               if card["chart"] != "number")
    assert state.csv_href == "/insights/figures.csv?weeks=13"


@pytest.mark.parametrize("payload", GARBAGE)
def test_any_range_payload_becomes_a_range_of_the_menu(app_db, payload):
    admin = Browser.with_token(token_for(app_db, make_user(app_db, roles=("moderator",))))
    admin.call(InsightsState, "choose_range", payload)
    state = admin.state(InsightsState)
    assert state.insights_weeks in (4, 13, 26, 52)
    assert state.pdf_href.endswith(f"weeks={state.insights_weeks}")


def test_a_member_gets_no_figures_and_no_audit_row(app_db):
    member = Browser.with_token(token_for(app_db, make_user(app_db)))
    member.call(InsightsState, "load_insights")
    member.call(InsightsState, "choose_range", "52")
    state = member.state(InsightsState)
    assert state.figures == [] and state._message_shown(at="insights")
    assert app_db.execute(select(AuditEntry).where(
        AuditEntry.action == "insights.read")).first() is None


def test_a_partner_is_told_whose_members_are_counted(app_db):
    partner = make_user(app_db, roles=("partner",), organisation="Bridge Center")
    browser = Browser.with_token(token_for(app_db, partner))
    browser.call(InsightsState, "choose_range", "26")
    state = browser.state(InsightsState)
    assert state.insights_scope == "These figures count only the members of Bridge Center."
    assert "Directory" not in {card["section"] for card in state.figures}
    entry = app_db.execute(select(AuditEntry).where(
        AuditEntry.action == "insights.read")).scalar_one()
    assert entry.actor_id == partner.id and entry.detail == "weeks=26 scope=organisation"


def test_the_demo_history_is_announced_only_when_the_database_holds_one(app_db):
    admin = Browser.with_token(token_for(app_db, make_user(app_db, roles=("admin",))))
    admin.call(InsightsState, "load_insights")
    assert admin.state(InsightsState).insights_demo_note == ""
    # One made-up member of the demo's history, who joined on Wednesday 4 November 2026.
    made_up = make_user(app_db, organisation=DEMO_HISTORY_ORGANISATION)
    made_up.created_at = datetime(2026, 11, 4, 9, tzinfo=UTC)
    app_db.commit()
    admin.call(InsightsState, "load_insights")
    assert admin.state(InsightsState).insights_demo_note == (
        "Demo data: the history before 9 Nov 2026 is made up for the demo.")
