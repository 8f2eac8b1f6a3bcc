"""Mentoring: vetted survivor mentors, matching the survivor controls, private messages.

The use cases live in ``mentoring_*`` modules (profiles and vetting, finding a mentor,
requests, matches and messages, staff proposals); this module is the one place the
state layer and other capabilities import them from. Importing it registers the
block hook that ends a match when either person blocks the other.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "_data": ("purge_erased_member_reports",),
    "assignment": ("discard_proposal", "include_pair", "latest_proposal",
        "propose_assignment", "publish_proposal",),
    "common": ("active_match_between",),
    "matches": ("MESSAGE_PAGE", "agree_to_rematch", "block_partner", "end_match",
        "end_matches_between",
        "get_match", "list_message_reports", "list_messages", "mark_first_session",
        "my_matches", "purge_ended_threads", "record_first_session", "record_fit_check",
        "report_message", "resolve_message_report", "send_and_read", "send_message",),
    "languages": ("LanguageChoice", "UnmetLanguageView", "find_languages",
        "staff_unmet_languages",),
    "matching": ("browse_mentors", "mark_mentor", "mentor_details", "suggest_mentors",),
    "seen": ("choose_seen", "seen_choice",),
    "overview": ("ThreadView", "mentee_overview", "open_thread", "staff_overview",),
    "profiles": ("decide_application", "my_application", "my_intake", "save_application",
        "save_intake", "set_mentor_allowance", "set_paused", "skip_intake", "vetting_queue",),
    "requests": ("accept_request", "answer_question", "ask_question", "decline_request",
        "expire_requests", "mentor_desk", "my_requests", "send_request", "start_match",
        "withdraw_request",),
    "views": ("MatchView", "MentorCard", "MessageView", "ReasonView", "SentRequestView",),
})
