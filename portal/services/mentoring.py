"""Mentoring: vetted survivor mentors, matching the survivor controls, private messages.

The use cases live in ``mentoring_*`` modules (profiles and vetting, finding a mentor,
requests, matches and messages, staff proposals); this module is the one place the
state layer and other capabilities import them from. Importing it registers the
block hook that ends a match when either person blocks the other.
"""

from __future__ import annotations

from portal.services.mentoring_assignment import (
    discard_proposal,
    include_pair,
    latest_proposal,
    propose_assignment,
    publish_proposal,
)
from portal.services.mentoring_common import active_match_between
from portal.services.mentoring_matches import (
    agree_to_rematch,
    block_partner,
    end_match,
    end_matches_between,
    get_match,
    list_message_reports,
    list_messages,
    mark_first_session,
    my_matches,
    purge_ended_threads,
    record_first_session,
    record_fit_check,
    report_message,
    resolve_message_report,
    send_message,
)
from portal.services.mentoring_matching import (
    browse_mentors,
    mark_mentor,
    mentor_details,
    suggest_mentors,
)
from portal.services.mentoring_overview import mentee_overview, open_thread, staff_overview
from portal.services.mentoring_profiles import (
    decide_application,
    my_application,
    my_intake,
    save_application,
    save_intake,
    set_mentor_allowance,
    set_paused,
    skip_intake,
    vetting_queue,
)
from portal.services.mentoring_requests import (
    accept_request,
    answer_question,
    ask_question,
    decline_request,
    expire_requests,
    mentor_desk,
    my_requests,
    send_request,
    withdraw_request,
)

__all__ = [
    "accept_request", "active_match_between", "agree_to_rematch", "answer_question",
    "ask_question", "block_partner", "browse_mentors", "decide_application",
    "decline_request", "discard_proposal", "end_match", "end_matches_between",
    "expire_requests", "get_match", "include_pair", "latest_proposal",
    "list_message_reports", "list_messages", "mark_first_session", "mark_mentor",
    "mentee_overview", "open_thread", "staff_overview",
    "mentor_desk", "mentor_details", "my_application", "my_intake", "my_matches",
    "my_requests", "propose_assignment", "publish_proposal", "purge_ended_threads",
    "record_first_session", "record_fit_check", "report_message", "resolve_message_report",
    "save_application", "save_intake", "send_message", "send_request", "set_mentor_allowance",
    "set_paused", "skip_intake", "suggest_mentors", "vetting_queue", "withdraw_request",
]
