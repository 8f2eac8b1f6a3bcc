"""Which test keeps each promise the interface makes to a member.

``PROMISES`` maps a catalog key to the tests (``path::name``) that prove the sentence
from the other side: the other role's screen, the review queue, or the database.
``NOT_PROMISES`` lists sentences the detector in tests/unit/test_promise_map.py flags
that promise nothing (a label, advice, a refusal), each with the reason.
"""

from __future__ import annotations

BOOKING = "tests/services/test_calendar_booking.py"
AVAILABILITY = "tests/services/test_calendar_availability.py"
MEETINGS = "tests/services/test_calendar_meetings.py"
REMINDERS = "tests/services/test_reminders.py"
REMINDER_EMAIL = "tests/services/test_reminder_email.py"
GROUPS = "tests/services/test_groups.py"
POSTS = "tests/services/test_groups_posts.py"
PROFILES = "tests/services/test_mentoring_profiles.py"
REQUESTS = "tests/services/test_mentoring_requests.py"
ASSIGNMENT = "tests/services/test_mentoring_assignment.py"
NOTIFICATIONS = "tests/services/test_notifications.py"
RESOURCES = "tests/services/test_resources.py"
RESOURCES_ADMIN = "tests/services/test_resources_admin.py"
VOLUNTEERING = "tests/services/test_volunteering.py"
ACCOUNTS = "tests/services/test_accounts.py"
KEPT = "tests/services/test_promises_kept.py"
MATRIX = "tests/security/test_authorization_matrix.py"
SHELL = "tests/e2e/test_shell.py"
MANAGE = "tests/services/test_volunteering_manage.py"
HISTORY = "tests/services/test_volunteering_history.py"
HSDS = "tests/services/test_resources_hsds.py"
MY_DATA = "tests/services/test_my_data.py"
CONFIRMATIONS = "tests/services/test_suspension_confirmations.py"
DAY_CONFIRMATIONS = "tests/e2e/test_day_confirmations.py"
PAST_WORK = "tests/services/test_volunteering_past_work.py"
# Issue 13 items 3 and 10 (moderators' tools).
CARE = "tests/services/test_moderation_care.py"
GROUP_SETTINGS = "tests/services/test_groups_settings.py"
DAY_MODTOOLS = "tests/e2e/test_day_modtools.py"
# Issue 18: stories.
STORIES = "tests/services/test_stories.py"
STORY_LINK = "tests/services/test_stories_mentor_link.py"
STORY_LINK_HANDLERS = "tests/state/test_stories_mentor_link_handlers.py"
STORY_SEARCH = "tests/services/test_stories_search_engines.py"
# Issue 16: My path.
PATH_SHARING = "tests/services/test_path_sharing.py"
PATH_GOALS = "tests/services/test_path_goals.py"
PATH_HANDLERS = "tests/state/test_path_handlers.py"
DAY_PATH = ("tests/e2e/test_day_path.py::"
            "test_luna_shares_a_goal_sol_suggests_a_step_and_unsharing_hides_it")
# Issue 17: programme insights.
INSIGHTS = "tests/services/test_insights.py"
INSIGHTS_EXPORT = "tests/services/test_insights_export.py"
SUPPRESSION = "tests/domain/test_insights_suppression.py"

PROMISES: dict[str, tuple[str, ...]] = {
    # --- issue 18: stories ------------------------------------------------------------
    # Item 6: the survivor's side of a mentor's profile link, and the rules that keep
    # an anonymous or pen-name story from pointing back to her.
    "stories.profile_link_hint": (
        f"{STORY_LINK}::test_the_survivor_sees_the_story_the_mentor_linked_and_can_read_it",
        f"{STORY_LINK}::test_an_anonymous_or_pen_name_story_cannot_be_linked",
        f"{STORY_LINK_HANDLERS}::"
        "test_mentor_links_her_story_and_the_survivor_reads_it_from_her_profile",
    ),
    "stories.linked": (
        f"{STORY_LINK}::test_the_survivor_sees_the_story_the_mentor_linked_and_can_read_it",
    ),
    "stories.unlinked": (
        f"{STORY_LINK}::test_she_can_unlink_at_any_time_and_the_story_stays",
    ),
    "stories.link_needs_pseudonym": (
        f"{STORY_LINK}::test_an_anonymous_or_pen_name_story_cannot_be_linked",
    ),
    # Item 4: what search engines are told, per request.
    "stories.search_engines_hint": (
        f"{STORY_SEARCH}::test_an_opted_in_public_story_page_may_be_indexed_and_nothing_else",
        f"{STORY_SEARCH}::test_every_route_says_noindex_by_default",
        f"{STORY_SEARCH}::test_unticking_search_engines_makes_it_noindex_at_once",
        f"{STORY_SEARCH}::test_unpublishing_makes_it_noindex_at_once",
    ),
    "stories.intro": (
        f"{STORIES}::test_a_draft_and_a_story_in_review_are_read_by_nobody_but_moderators",
        f"{STORIES}::test_member_only_story_never_reaches_voices",
        f"{MATRIX}::test_handler_refuses_callers_the_inventory_does_not_allow",
    ),
    "stories.write_intro": (
        f"{STORIES}::test_a_draft_and_a_story_in_review_are_read_by_nobody_but_moderators",
        f"{STORIES}::test_moderator_sees_the_same_highlights_the_author_saw",
    ),
    "stories.moderator_first": (
        f"{STORIES}::test_a_draft_and_a_story_in_review_are_read_by_nobody_but_moderators",
        f"{STORIES}::test_nothing_publishes_until_the_author_confirms_the_approved_text",
    ),
    "stories.submitted": (
        f"{STORIES}::test_a_draft_and_a_story_in_review_are_read_by_nobody_but_moderators",
        f"{STORIES}::test_nothing_publishes_until_the_author_confirms_the_approved_text",
    ),
    "stories.confirm_intro": (
        f"{STORIES}::test_nothing_publishes_until_the_author_confirms_the_approved_text",
        f"{STORIES}::test_editing_a_published_story_sends_it_back_to_review",
    ),
    "stories.none_yet": (
        f"{STORIES}::test_nothing_publishes_until_the_author_confirms_the_approved_text",
    ),
    "stories.not_approved_yet": (
        f"{STORIES}::test_the_author_cannot_confirm_before_a_moderator_approves",
        f"{STORIES}::test_public_story_needs_a_second_different_moderator",
    ),
    "stories.you_approved": (
        f"{STORIES}::test_public_story_needs_a_second_different_moderator",
    ),
    "stories.public_hint": (
        f"{STORIES}::test_public_story_needs_a_second_different_moderator",
        f"{STORIES}::test_unpublishing_from_the_public_page_keeps_it_for_members",
    ),
    "stories.signature.anonymous": (
        f"{STORIES}::test_anonymous_author_is_never_revealed_to_readers_group_moderators_or_moderators",
    ),
    "stories.reply_hint": (
        f"{STORIES}::test_replies_are_held_until_a_moderator_approves",
        f"{MATRIX}::test_handler_refuses_callers_the_inventory_does_not_allow",
    ),
    "stories.reply_held": (
        f"{STORIES}::test_replies_are_held_until_a_moderator_approves",
    ),
    "stories.reply_rejected": (
        f"{STORIES}::test_a_declined_reply_is_never_shown_to_other_readers",
    ),
    "stories.unpublished": (
        f"{STORIES}::test_unpublishing_from_everywhere_is_gone_for_the_next_reader",
    ),
    "stories.deleted": (
        f"{STORIES}::test_deleting_removes_the_story_and_everything_hanging_on_it",
    ),
    # --- issue 16: My path (each proven from the mentor's or staff's side) -------------
    "path.only_you": (
        f"{PATH_SHARING}::test_a_goal_is_private_until_she_shares_it",
        f"{PATH_SHARING}::test_her_note_never_reaches_the_mentor",
        f"{PATH_SHARING}::test_staff_never_read_or_touch_goals",
        DAY_PATH),
    "home.path_body": (
        f"{PATH_SHARING}::test_a_goal_is_private_until_she_shares_it",
        f"{PATH_SHARING}::test_staff_never_read_or_touch_goals"),
    "path.note_private": (
        f"{PATH_SHARING}::test_her_note_never_reaches_the_mentor",
        f"{PATH_GOALS}::test_export_and_erasure", DAY_PATH),
    "path.share_hint": (
        f"{PATH_SHARING}::test_a_goal_is_private_until_she_shares_it",
        f"{PATH_SHARING}::test_her_note_never_reaches_the_mentor",
        f"{PATH_SHARING}::test_unsharing_ends_the_mentors_sight_at_once", DAY_PATH),
    "path.shared_ok": (
        f"{PATH_SHARING}::test_a_goal_is_private_until_she_shares_it", DAY_PATH),
    "path.shared_with": (
        f"{PATH_SHARING}::test_a_goal_is_private_until_she_shares_it",
        f"{PATH_SHARING}::test_her_note_never_reaches_the_mentor"),
    "path.unshared_ok": (
        f"{PATH_SHARING}::test_unsharing_ends_the_mentors_sight_at_once",
        f"{PATH_HANDLERS}::test_luna_shares_a_goal_sol_suggests_she_accepts_then_unshares",
        DAY_PATH),
    "path.mentee_private": (
        f"{PATH_SHARING}::test_her_note_never_reaches_the_mentor",
        f"{PATH_SHARING}::test_a_milestone_line_reaches_the_mentor_only_if_she_says_so"),
    "path.only_you_note": (
        f"{PATH_GOALS}::test_session_agenda_before_and_notes_after",
        f"{PATH_HANDLERS}::test_session_notes_stay_with_their_writer"),
    "path.agreed_hint": (
        f"{PATH_GOALS}::test_session_agenda_before_and_notes_after",
        f"{PATH_HANDLERS}::test_session_notes_stay_with_their_writer"),
    "path.agenda_hint": (f"{PATH_GOALS}::test_session_agenda_before_and_notes_after",),
    "path.milestone_share": (
        f"{PATH_SHARING}::test_a_milestone_line_reaches_the_mentor_only_if_she_says_so",),
    "path.suggest_hint": (
        f"{PATH_SHARING}::test_mentor_suggests_a_step_she_accepts_or_lets_go", DAY_PATH),
    "path.suggestion_sent": (
        f"{PATH_SHARING}::test_mentor_suggests_a_step_she_accepts_or_lets_go",
        f"{PATH_HANDLERS}::test_luna_shares_a_goal_sol_suggests_she_accepts_then_unshares"),
    "path.goal_removed": (f"{PATH_GOALS}::test_not_now_parks_and_done_acknowledges",),
    "path.step_removed": (
        f"{PATH_SHARING}::test_mentor_suggests_a_step_she_accepts_or_lets_go",),
    "path.parked_ok": (f"{PATH_GOALS}::test_not_now_parks_and_done_acknowledges",),
    "path.suggestion_not_sent": (
        f"{PATH_SHARING}::test_a_mentors_suggestion_goes_through_the_watched_words",),
    # --- issue 13 items 3 and 10: moderators' tools ------------------------------------
    "care.private_note": (
        f"{CARE}::test_she_reads_it_in_her_language_with_the_crisis_lines_and_not_her_words",
        f"{DAY_MODTOOLS}::test_heron_sends_luna_a_care_message_she_reads_in_spanish",
    ),
    "care.sent": (
        f"{CARE}::test_she_reads_it_in_her_language_with_the_crisis_lines_and_not_her_words",
        f"{DAY_MODTOOLS}::test_heron_sends_luna_a_care_message_she_reads_in_spanish",
    ),
    "group_settings.member_removed": (
        f"{GROUP_SETTINGS}::test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly",
        f"{DAY_MODTOOLS}::test_a_group_is_edited_and_a_member_taken_out_loses_access_at_once",
    ),
    # A removed member is told she is out and that staff can be reached from Help: the
    # moderator's removal refuses her next join and notifies her; Help's contact form
    # lands in the site moderators' queue and their answer reaches her notifications.
    "groups.removed_cannot_join": (
        f"{GROUP_SETTINGS}::test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly",
        "tests/e2e/test_day_help.py::test_a_member_writes_to_staff_and_reads_the_reply_in_her_notifications",
    ),
    "notify.group_removed": (
        f"{GROUP_SETTINGS}::test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly",
        f"{DAY_MODTOOLS}::test_a_group_is_edited_and_a_member_taken_out_loses_access_at_once",
        "tests/e2e/test_day_help.py::test_a_member_writes_to_staff_and_reads_the_reply_in_her_notifications",
    ),
    "group_settings.remove_confirm_body": (
        f"{GROUP_SETTINGS}::test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly",
    ),
    "group_settings.remove_reason": (
        f"{GROUP_SETTINGS}::test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly",
    ),
    # --- issue 13: recovery codes left, work already done ----------------------------
    "account.codes_left_other": (
        f"{ACCOUNTS}::test_the_count_of_codes_left_drops_as_a_code_is_used_and_comes_back"
        "_with_new_ones",),
    "account.codes_low": (
        f"{ACCOUNTS}::test_the_count_of_codes_left_drops_as_a_code_is_used_and_comes_back"
        "_with_new_ones",),
    "welcome.codes_file_intro": (
        f"{ACCOUNTS}::test_recovery_codes_are_eight_one_time_codes_stored_hashed",),
    "volunteering.past_shift_hint": (
        f"{PAST_WORK}::test_a_coordinator_adds_a_shift_that_already_happened",
        f"{PAST_WORK}::test_a_coordinator_adds_who_came_and_the_hours_wait_for_approval"),
    "volunteering.attendee_added": (
        f"{PAST_WORK}::test_a_coordinator_adds_who_came_and_the_hours_wait_for_approval",),
    "volunteering.not_ended_note": (
        f"{PAST_WORK}::test_attendance_cannot_be_saved_while_the_shift_is_still_on",),
    # --- calendar -------------------------------------------------------------------
    "calendar.nothing_yet": (
        f"{BOOKING}::test_both_people_see_the_session_in_their_calendars",
        f"{MEETINGS}::test_meetings_appear_in_the_calendar_with_the_waitlist_marked"),
    "calendar.schedule_hint": (
        f"{MEETINGS}::test_a_group_moderator_schedules_a_weekly_meeting_at_the_same_local_time",),
    "calendar.ics_hint": (
        f"{BOOKING}::test_the_calendar_file_has_a_neutral_title_and_nothing_personal",),
    "calendar.meeting_cancelled_done": (
        f"{MEETINGS}::test_cancelling_a_meeting_tells_everyone_coming_or_waiting",),
    "calendar.session_cancelled_done": (
        f"{BOOKING}::test_the_mentor_cancels_with_a_reason_and_the_survivor_is_told",),
    "notice.session_moved": (
        f"{BOOKING}::test_either_side_moves_a_session_and_the_old_time_frees_up",),
    "calendar.cancel_meeting_body": (
        f"{MEETINGS}::test_cancelling_a_meeting_tells_everyone_coming_or_waiting",),
    "calendar.intro": (
        f"{REMINDERS}::test_reminder_text_is_neutral_and_in_the_members_zone_and_language",
        f"{REMINDER_EMAIL}::test_an_opted_in_member_gets_one_neutral_email_per_reminder",
        f"{BOOKING}::test_the_calendar_file_has_a_neutral_title_and_nothing_personal"),
    "calendar.meeting_details_hint": (
        f"{KEPT}::test_a_mentors_meeting_details_reach_each_new_booking_and_nobody_else",),
    "calendar.meeting_where_hint": (
        f"{MEETINGS}::test_people_outside_the_group_neither_see_nor_join_its_meetings",
        f"{KEPT}::test_a_meeting_place_is_seen_by_members_only_not_by_former_or_waiting_ones"),
    "calendar.override_removed": (
        f"{KEPT}::test_removing_a_date_change_gives_that_date_its_weekly_hours_back",),
    "calendar.reason_hint": (
        f"{BOOKING}::test_the_mentor_cancels_with_a_reason_and_the_survivor_is_told",),
    "calendar.rsvp_confirmed": (
        f"{MEETINGS}::test_seats_go_first_come_then_an_ordered_waitlist",
        f"{REMINDERS}::test_a_due_reminder_is_sent_once_and_never_again"),
    "calendar.rsvp_waitlisted": (
        f"{MEETINGS}::test_a_freed_seat_goes_to_the_first_in_line_who_is_told_and_reminded",
        f"{MEETINGS}::test_deleting_an_account_gives_its_seat_to_the_next_in_line",
        f"{MEETINGS}::test_leaving_the_group_gives_her_seat_to_the_next_in_line"),
    "calendar.window_removed": (
        f"{KEPT}::test_removing_weekly_hours_keeps_the_sessions_already_booked",),
    "notice.session_booked": (
        f"{BOOKING}::test_a_matched_survivor_books_and_both_get_reminders_and_the_mentor_is_told",
        f"{REMINDERS}::test_a_due_reminder_is_sent_once_and_never_again"),
    # --- groups (not about anonymity, blocks, flags or review) -----------------------
    "account.keep_posts": (
        f"{KEPT}::test_posts_kept_after_an_account_is_deleted_show_a_former_member",
        f"{GROUPS}::test_deleting_an_account_can_keep_posts_as_a_former_member"),
    "groups.deleted": (
        f"{POSTS}::test_deleting_your_post_erases_its_words",
        f"{KEPT}::test_a_deleted_reply_is_gone_for_every_other_reader"),
    "groups.invited": (
        f"{GROUPS}::test_invited_member_sees_the_invite_only_group_and_joins",),
    # --- home and safety -------------------------------------------------------------
    "account.data_body": (
        f"{MY_DATA}::test_export_holds_the_profile_sessions_and_blocks_but_no_secrets",
        f"{ASSIGNMENT}::test_export_includes_every_mentoring_record_of_the_member",
        f"{GROUPS}::test_my_data_exports_group_posts_and_deletion_erases_them",
        f"{NOTIFICATIONS}::test_my_data_exports_notifications_and_deletion_leaves_no_rows",
        f"{HISTORY}::test_my_data_exports_the_members_shifts_and_hours",
        f"{HSDS}::test_members_suggestions_and_reports_are_exported_and_erased_with_the_account"),
    "notice.passphrase_changed": (
        f"{ACCOUNTS}::test_change_passphrase_needs_the_current_one_and_ends_other_sessions",),
    "safety.names_title": (
        f"{ACCOUNTS}::test_sign_up_with_invite_creates_member_with_invited_role_and_session",
        f"{ACCOUNTS}::test_unsafe_display_names_are_refused"),
    "signup.intro": (
        f"{ACCOUNTS}::test_sign_up_with_invite_creates_member_with_invited_role_and_session",),
    "staff.new_code_body": (
        "tests/services/test_staff.py::test_moderator_creates_a_member_invite_shown_once_and_audited",),
    "home.intro": (
        f"{MATRIX}::test_handler_refuses_callers_the_inventory_does_not_allow",
        f"{PROFILES}::test_intake_is_optional_skippable_and_editable"),
    "safety.names_body": (
        f"{ACCOUNTS}::test_sign_up_with_invite_creates_member_with_invited_role_and_session",
        f"{NOTIFICATIONS}::test_email_reminders_are_opt_in_need_an_address_and_show_the_owner_her_full_address"),
    "safety.quick_exit_body": (
        f"{SHELL}::test_every_page_has_the_quick_exit_and_a_neutral_title",
        f"{SHELL}::test_quick_exit_button_leaves_and_back_does_not_return",
        f"{SHELL}::test_quick_exit_by_pressing_shift_three_times"),
    # --- mentoring -------------------------------------------------------------------
    "mentoring.fit_not_good_mentee": (
        "tests/services/test_mentoring_matches.py::test_not_a_good_fit_offers_other_mentors_at_once",),
    "mentoring.paused_done": (
        f"{PROFILES}::test_pausing_declines_open_requests_kindly_and_resuming_reopens",
        f"{KEPT}::test_a_request_closed_by_a_pause_or_a_full_mentor_leaves_other_mentors_suggested"),
    "mentoring.rematch_hint": (
        f"{REQUESTS}::test_both_agreeing_to_try_again_lifts_the_ended_match_exclusion",),
    "mentoring.resumed_done": (
        f"{PROFILES}::test_pausing_declines_open_requests_kindly_and_resuming_reopens",),
    "mentoring.staff.proposal_intro": (
        f"{ASSIGNMENT}::test_a_proposal_respects_constraints_and_capacity_and_changes_nothing_yet",),
    "mentoring.apply_experience_hint": (
        f"{KEPT}::test_a_mentors_lived_experience_is_never_on_the_profile_survivors_see",),
    "mentoring.apply_link_body": (
        f"{PROFILES}::test_staff_see_submitted_applications_and_the_read_is_audited",),
    "mentoring.intake_experience_hint": (
        f"{KEPT}::test_a_survivors_lived_experience_never_reaches_the_mentor",),
    "mentoring.request_already_sent": (
        f"{REQUESTS}::test_a_request_carries_the_note_as_typed_and_expires_in_seven_days",
        f"{REQUESTS}::test_requests_expire_after_seven_days"),
    "mentoring.request_pending_here": (
        f"{REQUESTS}::test_a_request_carries_the_note_as_typed_and_expires_in_seven_days",
        f"{REQUESTS}::test_requests_expire_after_seven_days"),
    "mentoring.pause_explained": (
        f"{PROFILES}::test_pausing_declines_open_requests_kindly_and_resuming_reopens",
        f"{KEPT}::test_a_request_closed_by_a_pause_or_a_full_mentor_leaves_other_mentors_suggested"),
    "mentoring.request_status.declined": (
        f"{REQUESTS}::test_a_mentor_who_declined_is_not_suggested_again_and_others_are",),
    "mentoring.request_status.mentor_full": (
        f"{REQUESTS}::test_accepting_starts_a_match_and_closes_requests_that_can_no_longer_succeed",
        f"{KEPT}::test_a_request_closed_by_a_pause_or_a_full_mentor_leaves_other_mentors_suggested"),
    "mentoring.request_status.mentor_paused": (
        f"{KEPT}::test_a_request_closed_by_a_pause_or_a_full_mentor_leaves_other_mentors_suggested",),
    "mentoring.request_status.expired": (
        f"{REQUESTS}::test_requests_expire_after_seven_days",),
    "mentoring.application_sent": (
        f"{PROFILES}::test_staff_see_submitted_applications_and_the_read_is_audited",
        f"{PROFILES}::test_asking_for_changes_needs_a_note_that_the_applicant_then_sees"),
    "mentoring.fit_body": (
        f"{KEPT}::test_the_fit_answer_stays_with_the_one_who_gave_it",),
    "mentoring.intake_avoid_hint": (
        f"{KEPT}::test_topics_to_avoid_from_the_intake_never_bring_a_suggestion",
        "tests/domain/test_matching.py::test_topics_to_avoid_never_count_and_never_appear_in_reasons"),
    "mentoring.marked_hidden": (
        f"{REQUESTS}::test_blocked_hidden_full_and_already_asked_mentors_are_never_suggested",
        f"{REQUESTS}::test_browse_filters_and_never_shows_blocked_members",
        f"{ASSIGNMENT}::test_blocks_hidden_mentors_and_opted_out_survivors_stay_out_of_proposals"),
    "mentoring.marked_saved": (
        f"{KEPT}::test_saving_or_hiding_a_mentor_is_never_told_and_seen_by_nobody_else",),
    "mentoring.marks_private": (
        f"{KEPT}::test_saving_or_hiding_a_mentor_is_never_told_and_seen_by_nobody_else",),
    "mentoring.paused_now": (
        f"{PROFILES}::test_pausing_declines_open_requests_kindly_and_resuming_reopens",),
    "mentoring.request_declined": (
        f"{REQUESTS}::test_a_mentor_who_declined_is_not_suggested_again_and_others_are",),
    "notice.mentoring_request_sent": (
        f"{REQUESTS}::test_a_request_carries_the_note_as_typed_and_expires_in_seven_days",
        f"{REQUESTS}::test_requests_expire_after_seven_days",
        f"{REQUESTS}::test_a_mentor_who_declined_is_not_suggested_again_and_others_are"),
    # --- notifications ---------------------------------------------------------------
    "notifications.email_explain": (
        f"{REMINDER_EMAIL}::test_an_opted_in_member_gets_one_neutral_email_per_reminder",
        f"{REMINDER_EMAIL}::test_members_who_did_not_opt_in_get_no_email"),
    "notifications.empty": (
        f"{KEPT}::test_what_another_member_does_reaches_my_notification_centre",),
    "notifications.intro": (
        f"{NOTIFICATIONS}::test_centre_lists_only_the_callers_own_newest_first_a_page_at_a_time",
        f"{NOTIFICATIONS}::test_marking_read_works_on_ones_own_and_refuses_anyone_elses",
        f"{NOTIFICATIONS}::test_signed_out_and_suspended_callers_are_refused"),
    "notify.welcome": (
        f"{KEPT}::test_what_another_member_does_reaches_my_notification_centre",),
    # --- issue 15 item 4: "seen", off by default, shown only while both chose it -------
    "notifications.seen_explained": (
        "tests/services/test_mentoring_seen.py::test_seen_is_off_for_everyone_until_she_turns_it_on",
        "tests/services/test_mentoring_seen.py::test_only_the_writer_on_shows_nothing_and_records_nothing",
        "tests/services/test_mentoring_seen.py::"
        "test_both_on_her_message_says_seen_once_he_opened_the_thread",
        "tests/services/test_mentoring_seen.py::"
        "test_the_reader_turning_it_off_hides_it_at_once_both_ways",
        "tests/e2e/test_live.py::test_luna_sees_seen_live_once_sol_reads_when_both_chose_it",),
    # --- issue 15 item 2: notifications for what matters ------------------------------
    "notify.request_declined": (
        "tests/services/test_notification_kinds.py::"
        "test_after_a_decline_she_asks_another_mentor_who_hears_of_it",),
    # --- resources -------------------------------------------------------------------
    "resources.import_failed": (
        f"{HSDS}::test_a_failure_while_writing_leaves_nothing_half_imported",),
    "resources.import_intro": (
        f"{HSDS}::test_malformed_packages_import_nothing_and_report_file_line_and_reason",
        f"{HSDS}::test_one_bad_row_among_many_good_ones_imports_nothing"),
    "resources.import_refused": (
        f"{HSDS}::test_malformed_packages_import_nothing_and_report_file_line_and_reason",
        f"{HSDS}::test_one_bad_row_among_many_good_ones_imports_nothing"),
    "resources.published_now": (
        f"{KEPT}::test_a_published_listing_is_found_by_visitors_and_members_at_once",),
    "resources.not_published": (
        f"{RESOURCES}::test_unpublished_listings_are_hidden_from_visitors_but_open_to_moderators",),
    "resources.suggest_intro": (
        f"{RESOURCES}::test_a_members_suggestion_waits_unpublished_for_review",
        f"{RESOURCES_ADMIN}::test_accepting_a_suggestion_publishes_it_and_dismissing_rejects_it"),
    "resources.unpublished_now": (
        f"{RESOURCES_ADMIN}::test_unpublishing_hides_a_listing_from_search",),
    "resources.already_reported": (
        f"{KEPT}::test_a_report_on_a_listing_reaches_the_moderators_review_list_once",),
    "resources.report_thanks": (
        f"{KEPT}::test_a_report_on_a_listing_reaches_the_moderators_review_list_once",),
    "resources.suggest_thanks": (
        f"{RESOURCES}::test_a_members_suggestion_waits_unpublished_for_review",
        f"{RESOURCES_ADMIN}::test_accepting_a_suggestion_publishes_it_and_dismissing_rejects_it"),
    # --- volunteering ----------------------------------------------------------------
    "volunteering.upcoming_none": (
        f"{VOLUNTEERING}::test_shifts_appear_in_the_members_calendar_and_nobody_elses",
        f"{VOLUNTEERING}::test_a_cancelled_seat_goes_to_the_first_member_waiting_who_is_told"),
    "volunteering.approved_ok": (
        f"{MANAGE}::test_approval_records_who_and_when_and_tells_the_member",),
    "volunteering.downloads_body": (
        f"{HISTORY}::test_the_csv_holds_approved_roles_only_and_no_portal_wording",
        f"{HISTORY}::test_the_pdf_is_a_valid_file_with_the_roles_and_no_portal_wording",
        f"{HISTORY}::test_titles_and_organisations_that_reveal_the_purpose_are_replaced"),
    "volunteering.shift_cancelled_ok": (
        f"{MANAGE}::test_cancelling_a_shift_tells_everyone_and_drops_reminders",),
    "volunteering.shift_updated": (
        f"{MANAGE}::test_moving_a_shift_moves_reminders_and_tells_everyone_on_it",),
    "volunteering.signed_up_ok": (
        f"{VOLUNTEERING}::test_signing_up_takes_a_free_seat_and_plans_both_reminders",
        f"{REMINDERS}::test_a_due_reminder_is_sent_once_and_never_again"),
    "volunteering.waitlisted_ok": (
        f"{VOLUNTEERING}::test_a_cancelled_seat_goes_to_the_first_member_waiting_who_is_told",
        f"{VOLUNTEERING}::test_promotion_follows_arrival_order_through_several_cancellations",
        f"{HISTORY}::test_deleting_an_account_erases_volunteering_and_passes_the_seat_on"),
    "groups.blocked_anonymous": (
        "tests/services/test_groups_anonymous_block.py::test_blocking_from_an_anonymous_reply_hides_only_that_authors_anonymous_posts",
        "tests/services/test_groups_anonymous_block.py::test_nothing_else_in_the_database_changes_but_the_mute_and_the_signal",
        "tests/services/test_groups_anonymous_block.py::test_the_author_learns_nothing",
        "tests/services/test_groups_anonymous_block.py::test_site_moderators_are_told_quietly",
        "tests/e2e/test_groups.py::test_blocking_the_author_of_an_anonymous_reply_never_names_them",
    ),
    "review.reason_anonymous_block": (
        "tests/services/test_groups_anonymous_block.py::test_a_group_moderator_who_wrote_the_post_never_sees_the_signal",
    ),
    "groups.blocked": (
        "tests/services/test_groups_anonymous_block.py::test_a_named_block_hides_named_posts_only_so_it_names_no_anonymous_author",
        "tests/services/test_groups.py::test_blocked_members_posts_disappear_and_they_cannot_reply_to_my_threads",
    ),
    "welcome.codes_passphrase_hint": (
        "tests/e2e/test_accounts.py::test_a_phone_left_signed_in_cannot_make_new_codes_and_the_owner_is_told",
        "tests/state/test_reauth_handlers.py::test_new_codes_need_the_passphrase_whatever_the_browser_sends",
        "tests/services/test_account_takeover.py::test_new_codes_with_her_passphrase_replace_the_old_tell_her_and_are_audited",
    ),
    "welcome.codes_body": (
        "tests/services/test_account_takeover.py::test_first_codes_come_once_right_after_sign_up_and_never_again_without_the_passphrase",
        "tests/e2e/test_accounts.py::test_sign_up_with_an_invite_shows_eight_recovery_codes_once",
    ),
    "welcome.codes_exist": (
        "tests/services/test_account_takeover.py::test_new_codes_with_her_passphrase_replace_the_old_tell_her_and_are_audited",
    ),
    "notifications.passphrase_hint": (
        "tests/services/test_account_takeover.py::test_a_new_reminder_email_without_her_passphrase_is_refused_and_nothing_changes",
        "tests/services/test_account_takeover.py::test_turning_email_reminders_on_needs_her_passphrase_and_tells_her",
        "tests/services/test_account_takeover.py::test_a_changed_email_tells_her_is_audited_and_she_sees_the_whole_address",
    ),
    "notify.reminder_email_removed": (
        "tests/services/test_account_takeover.py::test_safe_changes_need_no_passphrase_and_removing_the_email_is_still_told",
    ),
    "notice.account_deleted": (
        "tests/services/test_my_data.py::test_deletion_leaves_no_row_that_points_at_the_member",
    ),
    "notifications.prefs_intro": (
        "tests/services/test_reminders.py::test_reminder_text_is_neutral_and_in_the_members_zone_and_language",
        "tests/services/test_reminders.py::test_one_reminder_per_offset_a_day_and_an_hour_before_by_default",
    ),
    "calendar.reminders_note": (
        "tests/services/test_reminders.py::test_reminder_text_is_neutral_and_in_the_members_zone_and_language",
    ),
    "groups.crisis_body": (
        "tests/e2e/test_groups.py::test_crisis_words_hold_the_post_and_show_support_only_to_the_author",
        "tests/services/test_groups_posts.py::test_crisis_language_is_held_urgent_and_shows_crisis_resources_privately",
    ),
    "groups.waiting_for_review": (
        "tests/e2e/test_groups.py::test_new_members_post_waits_for_review_then_others_see_it",
        "tests/services/test_groups_posts.py::test_new_member_post_is_held_for_review_and_only_the_author_sees_it",
    ),
    "groups.intro": (
        "tests/e2e/test_groups.py::test_new_members_post_waits_for_review_then_others_see_it",
    ),
    "groups.review_note": (
        "tests/e2e/test_groups.py::test_new_members_post_waits_for_review_then_others_see_it",
    ),
    "moderation.posting_held_new_member": (
        "tests/e2e/test_groups.py::test_new_members_post_waits_for_review_then_others_see_it",
        "tests/services/test_groups_posts.py::test_new_member_post_is_held_for_review_and_only_the_author_sees_it",
    ),
    "moderation.held_review": (
        "tests/services/test_groups_posts.py::test_new_member_post_is_held_for_review_and_only_the_author_sees_it",
        "tests/services/test_moderation_queue.py::test_approving_publishes_counts_towards_trust_and_is_recorded",
    ),
    "moderation.held_personal_details": (
        "tests/e2e/test_groups.py::test_a_post_with_a_phone_number_is_held_and_the_author_told_why",
        "tests/services/test_groups_posts.py::test_a_post_with_a_phone_number_is_held_and_the_author_is_told_why",
    ),
    "groups.flag_thanks": (
        "tests/e2e/test_groups.py::test_three_members_reporting_a_post_hide_it",
        "tests/services/test_groups_posts.py::test_three_different_members_flagging_hide_a_post_until_reviewed",
    ),
    "groups.flag_hidden": (
        "tests/e2e/test_groups.py::test_three_members_reporting_a_post_hide_it",
        "tests/services/test_groups_posts.py::test_three_different_members_flagging_hide_a_post_until_reviewed",
    ),
    "groups.hidden": (
        "tests/services/test_moderation_queue.py::test_hiding_and_dismissing_close_the_item",
    ),
    "groups.hidden_for_review": (
        "tests/services/test_groups_posts.py::test_three_different_members_flagging_hide_a_post_until_reviewed",
        "tests/services/test_moderation_queue.py::test_approving_a_post_hidden_by_flags_restores_it",
    ),
    "groups.joined_requested": (
        "tests/services/test_groups.py::test_group_moderator_approves_requests_and_others_cannot",
    ),
    "review.reason_for_member": (
        "tests/services/test_moderation_queue.py::test_a_written_rejection_reason_reaches_the_author_as_written",
    ),
    "review.rejected": (
        "tests/services/test_moderation_queue.py::test_rejecting_needs_a_reason_and_the_author_reads_it",
    ),
    "groups.author_you_anonymous": (
        "tests/services/test_groups_posts.py::test_anonymous_posts_hide_the_name_except_from_moderators",
    ),
    "notify.session_closed": (
        "tests/services/test_session_closure.py::test_closing_a_mentorship_cancels_its_sessions_and_reminders_and_tells_both",
        "tests/services/test_session_closure.py::test_the_survivor_sees_the_closed_session_as_cancelled_with_nothing_to_open",
        "tests/e2e/test_mentoring_closure.py::test_ending_the_mentorship_closes_the_session_place_on_the_other_phone",
    ),
    "calendar.session_closed": (
        "tests/services/test_session_closure.py::test_after_a_closure_the_ex_partner_cannot_read_or_change_the_place_or_get_the_file",
        "tests/e2e/test_mentoring_closure.py::test_ending_the_mentorship_closes_the_session_place_on_the_other_phone",
    ),
    "calendar.details_hint": (
        "tests/services/test_calendar_booking.py::test_other_peoples_sessions_and_forged_ids_are_not_found",
        "tests/services/test_session_closure.py::test_after_a_closure_the_ex_partner_cannot_read_or_change_the_place_or_get_the_file",
    ),
    "calendar.details_saved": (
        "tests/services/test_calendar_booking.py::test_other_peoples_sessions_and_forged_ids_are_not_found",
        "tests/services/test_session_closure.py::test_after_a_closure_the_ex_partner_cannot_read_or_change_the_place_or_get_the_file",
        "tests/services/test_member_text.py::test_a_session_place_made_only_of_angle_bracket_text_reaches_the_mentor",
    ),
    "mentoring.changes_waiting": (
        "tests/services/test_mentor_profile_review.py::test_a_pending_edit_is_not_shown_to_survivors_until_staff_approve_it",
        "tests/e2e/test_mentor_profile_review.py::test_a_mentors_edit_waits_for_review_while_survivors_see_the_approved_profile",
    ),
    "mentoring.staff.kind_changes": (
        "tests/services/test_mentor_profile_review.py::test_a_pending_edit_is_not_shown_to_survivors_until_staff_approve_it",
    ),
    "mentoring.changes_returned": (
        "tests/services/test_mentor_profile_review.py::test_sent_back_or_declined_edits_never_reach_survivors",
    ),
    "mentoring.profile_held_personal_details": (
        "tests/services/test_mentor_profile_review.py::test_detectors_hold_a_bio_or_region_and_tell_the_reviewer_why",
        "tests/services/test_mentor_profile_review.py::test_detectors_also_screen_a_new_application",
    ),
    "mentoring.profile_held_review": (
        "tests/services/test_mentor_profile_review.py::test_detectors_hold_a_bio_or_region_and_tell_the_reviewer_why",
    ),
    "account.delete_body": (
        "tests/services/test_evidence_retention.py::test_a_reported_member_deleting_her_account_leaves_the_report_pseudonymised",
        "tests/services/test_evidence_retention.py::test_the_purge_job_removes_reports_after_the_retention_period_and_not_before",
        "tests/services/test_evidence_retention.py::test_moderation_records_about_a_deleted_member_stay_for_moderators_pseudonymised",
        "tests/services/test_my_data.py::test_deletion_leaves_no_row_that_points_at_the_member",
    ),
    "mentoring.end_confirm_body": (
        "tests/services/test_mentoring_matches.py::test_either_side_ends_a_match_without_a_reason_and_it_is_final",
        "tests/services/test_mentoring_matches.py::test_an_ended_thread_is_read_only_then_deleted_after_thirty_days",
        "tests/services/test_session_closure.py::test_closing_a_mentorship_cancels_its_sessions_and_reminders_and_tells_both",
    ),
    "mentoring.thread_deleted": (
        "tests/services/test_mentoring_matches.py::test_an_ended_thread_is_read_only_then_deleted_after_thirty_days",
    ),
    "mentoring.end_reason_hint_mentee": (
        "tests/services/test_mentoring_end_reasons.py::test_the_other_person_sees_the_same_ending_whatever_reason_was_given",
        "tests/state/test_end_reason_handlers.py::test_her_reason_ends_it_and_his_open_tab_never_holds_it",
        "tests/services/test_mentoring_end_reasons.py::test_the_insights_count_each_reason_against_hand_counted_endings",
    ),
    "mentoring.end_reason_hint_mentor": (
        "tests/services/test_mentoring_end_reasons.py::test_the_other_person_sees_the_same_ending_whatever_reason_was_given",
        "tests/services/test_mentoring_end_reasons.py::test_the_insights_show_every_reason_when_each_has_five_or_more",
    ),
    "mentoring.end_reason_label": (
        "tests/services/test_mentoring_end_reasons.py::test_ending_without_a_reason_counts_as_rather_not_say",
        "tests/state/test_end_reason_handlers.py::test_no_reason_chosen_counts_as_rather_not_say",
    ),
    "mentoring.block_confirm_body": (
        "tests/services/test_mentoring_matches.py::test_blocking_the_partner_ends_the_match_and_prevents_any_future_match",
        "tests/services/test_session_closure.py::test_closing_a_mentorship_cancels_its_sessions_and_reminders_and_tells_both",
    ),
    "mentoring.partner_blocked": (
        "tests/services/test_mentoring_matches.py::test_blocking_the_partner_ends_the_match_and_prevents_any_future_match",
    ),
    "mentoring.message_hint": (
        "tests/services/test_mentoring_matches.py::test_strangers_cannot_see_or_end_a_match",
    ),
    "mentoring.mentor_unavailable": (
        "tests/services/test_mentoring_matches.py::test_a_block_from_anywhere_ends_the_match_and_closes_open_requests",
    ),
    "account.quick_exit_body": (
        "tests/e2e/test_hardening.py::test_quick_exit_signs_out_unless_she_chose_to_stay_signed_in",
        "tests/services/test_quick_exit.py::test_quick_exit_ends_only_that_browsers_session",
        "tests/services/test_quick_exit.py::test_a_member_who_chose_to_stay_signed_in_stays",
    ),
    "groups.author_anonymous": (
        "tests/services/test_moderation_scope.py::test_only_site_moderators_see_who_wrote_without_a_name",
        "tests/services/test_groups_posts.py::test_anonymous_posts_hide_the_name_except_from_moderators",
    ),
    "groups.author_anonymous_seen_by_moderator": (
        "tests/services/test_moderation_scope.py::test_only_site_moderators_see_who_wrote_without_a_name",
    ),
    "groups.post_without_name": (
        "tests/services/test_moderation_scope.py::test_only_site_moderators_see_who_wrote_without_a_name",
        "tests/services/test_groups_posts.py::test_anonymous_posts_hide_the_name_except_from_moderators",
    ),
    "review.author_hidden": (
        "tests/services/test_moderation_scope.py::test_only_site_moderators_see_who_wrote_without_a_name",
    ),
    "review.anonymous_for_site_moderators": (
        "tests/services/test_moderation_scope.py::test_a_group_moderator_cannot_act_on_an_anonymous_author",
    ),
    "mentoring.message_reported": (
        "tests/e2e/test_moderation.py::test_luna_reports_sols_message_and_a_moderator_acts_on_it",
        "tests/services/test_moderation_messages.py::test_the_report_is_an_urgent_item_with_the_message_and_the_few_before_it",
        "tests/services/test_moderation_messages.py::test_a_warning_reaches_the_writer_and_the_reporter_hears_the_outcome",
        "tests/services/test_moderation_messages.py::test_the_writer_is_never_shown_that_their_message_was_reported",
    ),
    "mentoring.message_held_review": (
        "tests/services/test_moderation_messages.py::test_recruitment_waits_for_a_moderator_and_the_partner_reads_it_only_after",
    ),
    "mentoring.message_waiting": (
        "tests/services/test_moderation_messages.py::test_recruitment_waits_for_a_moderator_and_the_partner_reads_it_only_after",
    ),
    "mentoring.message_held_personal_details": (
        "tests/services/test_moderation_messages.py::test_personal_details_wait_and_a_message_not_delivered_tells_its_writer_why",
    ),
    "review.not_delivered": (
        "tests/services/test_moderation_messages.py::test_personal_details_wait_and_a_message_not_delivered_tells_its_writer_why",
    ),
    "notify.report_outcome_match_ended": (
        "tests/services/test_moderation_messages.py::test_ending_the_match_from_the_queue_ends_it_for_both",
    ),
    "groups.report_note": (
        "tests/services/test_moderation_queue.py::test_what_a_member_writes_when_reporting_a_post_reaches_the_moderator",
    ),
    # --- confirmations (issue 13 item 6) ---------------------------------------------
    "staff.suspend_confirm_body": (
        f"{CONFIRMATIONS}::test_the_paused_message_needs_the_right_passphrase_and_never_shows_the_reason",
        "tests/services/test_staff.py::test_suspension_ends_sessions_is_audited_and_can_be_lifted",
        f"{DAY_CONFIRMATIONS}::test_an_admin_suspends_with_a_reason_and_the_member_reads_that_she_is_paused",
    ),
    "staff.suspend_reason": (
        f"{CONFIRMATIONS}::test_suspending_needs_a_reason_and_keeps_it_in_the_audit_entry",
        "tests/services/test_staff.py::test_only_admins_read_the_audit_log",
        f"{DAY_CONFIRMATIONS}::test_an_admin_suspends_with_a_reason_and_the_member_reads_that_she_is_paused",
    ),
    "auth.account_paused": (
        f"{CONFIRMATIONS}::test_the_paused_message_needs_the_right_passphrase_and_never_shows_the_reason",
        f"{CONFIRMATIONS}::test_a_good_recovery_code_for_a_paused_account_says_paused_and_is_not_spent",
        f"{DAY_CONFIRMATIONS}::test_an_admin_suspends_with_a_reason_and_the_member_reads_that_she_is_paused",
    ),
    "mentoring.decline_confirm_body": (
        f"{REQUESTS}::test_a_mentor_who_declined_is_not_suggested_again_and_others_are",
        f"{DAY_CONFIRMATIONS}::test_a_mentor_says_no_only_after_a_second_tap_and_the_survivor_sees_other_mentors",
    ),
    # --- help (issue 13): the questions new members ask, and writing to staff ---------
    "help.contact_sent": (
        "tests/services/test_contact_staff.py::test_what_she_writes_lands_in_the_site_moderators_queue_under_her_pseudonym",
        "tests/services/test_contact_staff.py::test_the_reply_reaches_her_notifications_and_is_audited",
        "tests/e2e/test_day_help.py::test_a_member_writes_to_staff_and_reads_the_reply_in_her_notifications",
    ),
    "help.contact_intro": (
        "tests/services/test_contact_staff.py::test_what_she_writes_lands_in_the_site_moderators_queue_under_her_pseudonym",
        "tests/services/test_contact_staff.py::test_a_group_moderator_never_sees_or_answers_it",
    ),
    "help.a_contact": (
        "tests/services/test_contact_staff.py::test_a_group_moderator_never_sees_or_answers_it",
        "tests/services/test_contact_staff.py::test_the_reply_reaches_her_notifications_and_is_audited",
        "tests/e2e/test_day_help.py::test_a_member_writes_to_staff_and_reads_the_reply_in_her_notifications",
    ),
    "review.contact_from": (
        "tests/services/test_contact_staff.py::test_a_group_moderator_never_sees_or_answers_it",),
    "review.reply_label": (
        "tests/services/test_contact_staff.py::test_the_reply_reaches_her_notifications_and_is_audited",),
    "help.a_name": (
        "tests/services/test_groups_posts.py::test_anonymous_posts_hide_the_name_except_from_moderators",
        "tests/services/test_groups_posts.py::test_anonymous_posting_is_refused_where_the_group_does_not_allow_it",
        "tests/services/test_accounts.py::test_sign_up_with_invite_creates_member_with_invited_role_and_session",
        "tests/services/test_accounts.py::test_unsafe_display_names_are_refused",
        "tests/services/test_groups_anonymous_block.py::test_the_author_learns_nothing",
    ),
    "help.a_exit": (
        "tests/e2e/test_shell.py::test_quick_exit_button_leaves_and_back_does_not_return",
        "tests/e2e/test_shell.py::test_quick_exit_by_pressing_shift_three_times",
    ),
    # Issue 17: what the figures promise (no small count, nothing leads to a person).
    "insights.hidden": (
        f"{SUPPRESSION}::test_no_small_cell_is_shown_or_found_by_subtraction",
        f"{SUPPRESSION}::test_no_filter_combination_reveals_a_small_count"),
    "insights.privacy_note": (
        f"{SUPPRESSION}::test_no_small_cell_is_shown_or_found_by_subtraction",
        f"{SUPPRESSION}::test_no_filter_combination_reveals_a_small_count",
        f"{INSIGHTS}::test_partner_sees_only_their_own_organisations_members"),
    "insights.pdf.note": (
        f"{INSIGHTS_EXPORT}::test_the_csv_holds_the_suppressed_figures",
        f"{INSIGHTS_EXPORT}::test_the_pdf_is_one_page_of_readable_text_with_a_neutral_title"),
    "insights.intro_partner": (
        f"{INSIGHTS}::test_partner_sees_only_their_own_organisations_members",),
    # A withheld chart: read beside its linked figure, it would have pinned a count.
    "insights.reading.withheld": (
        f"{INSIGHTS}::test_two_figures_of_the_same_requests_never_pin_a_week_together",
        f"{SUPPRESSION}::test_two_figures_of_the_same_people_never_pin_a_week_together",
        f"{SUPPRESSION}::test_a_series_and_a_breakdown_of_the_same_people_reveal_nothing_together"),
    "help.a_delete": (
        "tests/services/test_my_data.py::test_export_holds_the_profile_sessions_and_blocks_but_no_secrets",
        "tests/services/test_my_data.py::test_deletion_leaves_no_row_that_points_at_the_member",
        "tests/services/test_contact_staff.py::test_her_words_to_staff_go_with_her_account",
    ),
}

NOT_PROMISES: dict[str, str] = {
    "stories.signature.pen_name": ("a choice's label (Spanish 'solo para esta historia': the"
                                   " pen name is for this story)"),
    "stories.status.draft": "a status label ('Borrador' is a draft, not something deleted)",
    "path.mentees_none": "an empty-list message on a mentor's own page",
    "review.context_without_name": ("a label on a queue card standing in for a name; that "
                                     "no name is shown is proved in "
                                     "tests/services/test_moderation_thread_context.py"),
    "availability.notice_beyond_horizon": "a refusal of the mentor's own settings, with advice",
    "calendar.extra_hours_hint": "a form hint: what the field is for",
    "calendar.mentors_only": "a refusal shown to someone who is not an approved mentor",
    "calendar.occurrences_hint": "a form hint: the allowed range of a field",
    "error.not_found": "a refusal that only guesses why ('may have been removed')",
    "form.display_name_hint": "advice on choosing a nickname",
    "form.passphrase_hint": "advice on choosing a passphrase",
    "groups.body_hint": "advice on what not to share in a post",
    "groups.no_requests": "an empty-list message for group moderators",
    "groups.no_such_member": "a refusal: no member has that nickname",
    "groups.status_deleted": "a status label next to a post, not a sentence",
    "groups.untitled": "a placeholder title for a thread whose opening post is gone",
    "mentoring.apply_bio_hint": "advice on what to leave out of a mentor's bio",
    "mentoring.apply_region_hint": "advice on what to write as a region",
    "mentoring.no_mentees": "an empty-list message on the mentor's desk",
    "mentoring.region_hint": "advice on what to write as a region",
    "mentoring.saved_only": "a filter label ('Only mentors I saved')",
    "mentoring.status.draft": "a status label for an unsent application",
    "passphrase.too_common": "a refusal with advice on a better passphrase",
    "resources.export_intro": "advice to staff about the file they download, not to a member",
    "resources.never_checked": "a one-word label for a listing never verified",
    "safety.device_body": "advice about the member's own phone, not something Lantern does",
    "safety.history_body": ("an honest warning about the browser's history (quick exit does "
                            "not erase it), not something Lantern does for the member"),
    "safety.private_body": "advice about private browser windows",
    "safety.private_title": "a heading ('Private browsing')",
    "staff.invite_created": "advice to staff on sharing an invite code",
    "volunteering.close_has_signups": ("a refusal to a coordinator; the telling it asks for "
                                       "is volunteering.shift_cancelled_ok's promise"),
    "volunteering.field_description": "a form label for coordinators",
    "volunteering.not_confirmed": "a refusal shown to a coordinator recording attendance",
    "volunteering.roster_none": "an empty-list message on a coordinator's roster",
    "name.looks_like_handle": "a refusal of a nickname, with advice",
    "groups.anonymous_not_here": "a refusal with a next step (post with your nickname)",
    "groups.status_hidden": "a status label next to a post, not a sentence",
    "review.hidden": "a one-word confirmation to the moderator who hid a post",
    "review.status_deleted": "a status label in the review queue",
    "review.word_removed": "a confirmation to a moderator that a watched word is gone",
    "review.post_gone": "tells a moderator the author deleted the post: a fact, not a promise",
    "review.reject_canned_personal_details": "a canned rejection reason a moderator may choose",
    "review.held_message": "a heading on a queue card for moderators",
    "review.message_report": "a heading on a queue card for moderators",
    "review.reason_message_report": "a reason label on a queue card",
    "review.not_a_message": "a refusal to a moderator: the item is not a private message",
}
