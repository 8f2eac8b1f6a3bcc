"""Every public event handler a browser can call, and who may call it (THREATS #1).

Reflex lets any browser call any public handler by name with any payload. This table
is the reviewed list; `test_handler_inventory.py` beside it fails when a handler
exists that is not listed here, and the authorization matrix calls each one as every
role and proves that only the roles listed here change anything. The real checks
live in the services; this table documents and tests them.
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
ROLES = ("survivor", "mentor_applicant", "mentor", "moderator", "coordinator", "partner", "admin")
EVERYONE = frozenset({ANONYMOUS, *ROLES})
SIGNED_IN = frozenset(ROLES)
INVITERS = frozenset({"moderator", "partner", "admin"})
MEMBER_STAFF = frozenset({"moderator", "admin"})
ADMINS = frozenset({"admin"})
# --- mentoring ---
_SEEKERS = frozenset({"survivor"})
_MATCHED = frozenset({"survivor", "mentor"})
_MENTORS = frozenset({"mentor"})
_APPLICANTS = frozenset({"mentor_applicant", "mentor"})
# --- groups ---
# Members of every kind take part in groups; coordinators and partners' staff do not.
# Group moderators are members too, so moderation handlers accept every participant and
# the services refuse those who do not moderate that object's group.
_PARTICIPANTS = frozenset({"survivor", "mentor_applicant", "mentor", "moderator", "admin"})
# --- volunteering ---
# Members volunteer; partner coordinators and staff manage opportunities and hours. The
# services refuse a coordinator acting on another organisation's opportunity.
_VOLUNTEERS = frozenset({"survivor", "mentor_applicant", "mentor"})
_COORDINATORS = frozenset({"coordinator", "moderator", "admin"})
# --- calendar ---
# Survivors book with their own mentor; both people of a session move or cancel it; group
# meetings follow the groups roles (the services refuse non-members and non-moderators).
_BOOKERS = frozenset({"survivor"})
_SESSION_PEOPLE = frozenset({"survivor", "mentor"})
_HOURS_EDITORS = frozenset({"mentor"})
# --- my path ---
# A survivor keeps her own plan (every mentor is a survivor too); mentors read what a
# mentee shared with them in an open match. Staff hold no path permission at all.
_PATH_KEEPERS = frozenset({"survivor"})
_PATH_READERS = frozenset({"survivor", "mentor"})
_PATH_GUIDES = frozenset({"mentor"})
# --- insights ---
# Site staff see the whole programme; a partner's staff their own organisation's members.
_INSIGHTS_READERS = frozenset({"moderator", "partner", "admin"})
# --- stories ---
# Members write, react and reply; moderators read and review (never their own story);
# coordinators and partners' staff do not read stories. Voices is public.
_WRITERS = frozenset({"survivor", "mentor_applicant", "mentor"})
_READERS = _WRITERS | MEMBER_STAFF
# Only an approved mentor links one of her stories from her mentor profile.
_MENTORS_LINKING = frozenset({"mentor"})


@dataclass(frozen=True)
class Access:
    """Who may call a handler, and what it may touch."""

    roles: frozenset[str]
    note: str


HANDLERS: dict[str, Access] = {
    # Shared by every page.
    "AppState.load_page": Access(EVERYONE, "the caller's own pseudonym and roles, read only;"
                                 " shows a catalog message named in the URL"),
    "AppState.choose_language": Access(EVERYONE, "the caller's own language"),
    # An unexpected failure's notice (portal/state/trouble.py): no database, nothing read.
    "AppState.show_unexpected_trouble": Access(EVERYONE, "one fixed catalog sentence in the"
                                               " caller's own tab; reads nothing"),
    "AppState.dismiss_trouble": Access(EVERYONE, "takes that sentence away from the"
                                       " caller's own tab; reads nothing"),
    # --- issue 13 items 4 and 5 ---
    "AppState.choose_history": Access(EVERYONE, "this browser's Back list choice"
                                      " (localStorage); saves nothing"),
    "HomeState.load_home": Access(SIGNED_IN, "the caller's own home figures, each read"
                                  " through the service that owns it, read only"),
    # Account.
    "AccountState.load_account": Access(SIGNED_IN, "the caller's own settings"),
    "AccountState.save_timezone": Access(SIGNED_IN, "the caller's own time zone"),
    "AccountState.set_timezone_choice": Access(EVERYONE, "a form value; saves nothing"),
    "AccountState.set_quick_exit_choice": Access(SIGNED_IN, "the caller's own quick-exit choice"),
    "RecoveryCodesState.load_welcome": Access(SIGNED_IN, "issues the caller's first codes, only"
                                              " right after sign-up"),
    "RecoveryCodesState.make_new_codes": Access(SIGNED_IN, "replaces the caller's codes; needs"
                                                " her passphrase"),
    "RecoveryCodesState.finish_codes": Access(EVERYONE, "forgets codes shown; saves nothing"),
    "RecoveryCodesState.codes_copied": Access(EVERYONE, "says the codes shown were copied;"
                                              " reads and saves nothing"),
    # Staff.
    "StaffState.load_staff": Access(INVITERS, "invites (partners: their own), members, audit"),
    "StaffState.create_invite": Access(INVITERS, "staff roles only by admins"),
    "StaffState.revoke_invite": Access(INVITERS, "partners only their own invites"),
    "StaffState.search_members": Access(MEMBER_STAFF, "pseudonyms and status, read only"),
    "StaffState.suspend_member": Access(ADMINS, "never oneself; needs a reason (audited)"),
    "StaffState.unsuspend_member": Access(ADMINS, "never oneself"),
    "StaffState.end_member_sessions": Access(ADMINS, "never oneself"),
    # issue 13 item 11: the audit log's filters and pages, the invite copy buttons.
    "StaffState.filter_audit": Access(ADMINS, "the audit log, filtered; read only"),
    "StaffState.next_audit_page": Access(ADMINS, "the audit log's next page; read only"),
    "StaffState.previous_audit_page": Access(ADMINS, "the audit log's page before; read only"),
    "StaffState.invite_copied": Access(EVERYONE, "says the new code or link was copied;"
                                       " reads and saves nothing"),
    # --- mentoring ---
    "MentoringState.load_mentoring": Access(EVERYONE, "the caller's own mentors, requests and"
                                            " suggestions; read only"),
    "MentoringState.skip_intake": Access(_SEEKERS, "the caller's own intake"),
    "MentoringState.withdraw_request": Access(_SEEKERS, "only requests the caller sent"),
    "MentoringState.answer_question": Access(_SEEKERS, "only requests the caller sent"),
    "MentoringState.mark_mentor": Access(_SEEKERS, "the caller's own private marks on approved"
                                         " mentors"),
    "MentoringState.load_find": Access(_SEEKERS, "approved mentors minus blocks; read only"),
    "MentoringState.filter_mentors": Access(_SEEKERS, "approved mentors minus blocks; read only"),
    "MentoringState.load_mentor_profile": Access(_SEEKERS, "one approved mentor; read only"),
    "MentoringState.send_request": Access(_SEEKERS, "approved, open mentors; never blocked or"
                                          " duplicate"),
    "IntakeState.load_intake": Access(_SEEKERS, "the caller's own intake; read only"),
    "IntakeState.save_intake": Access(_SEEKERS, "the caller's own intake"),
    "ThreadState.load_thread": Access(_MATCHED, "only matches the caller takes part in"),
    "ThreadState.show_older_messages": Access(_MATCHED, "only the caller's own matches"),
    "ThreadState.return_to_my_words": Access(EVERYONE, "shows the caller's own kept words"
                                             " again; reads and saves nothing"),
    "ThreadState.send_message": Access(_MATCHED, "only the caller's active matches"),
    "ThreadState.report_message": Access(_MATCHED, "the partner's messages in the caller's"
                                         " matches"),
    "ThreadState.end_match": Access(_MATCHED, "only the caller's own matches"),
    "ThreadState.block_partner": Access(_MATCHED, "the partner in the caller's own match"),
    "ThreadState.mark_first_session": Access(_MATCHED, "only the caller's own matches"),
    "ThreadState.set_rematch": Access(_MATCHED, "the caller's own consent on an ended match"),
    "ThreadState.record_fit_check": Access(_MATCHED, "the caller's own answer"),
    "MentorDeskState.load_desk": Access(_MENTORS, "requests to and mentees of the caller"),
    "MentorDeskState.accept_request": Access(_MENTORS, "only requests to the caller"),
    "MentorDeskState.decline_request": Access(_MENTORS, "only requests to the caller"),
    "MentorDeskState.ask_question": Access(_MENTORS, "only requests to the caller"),
    "MentorDeskState.pause_mentoring": Access(_MENTORS, "the caller's own profile"),
    "MentorDeskState.resume_mentoring": Access(_MENTORS, "the caller's own profile"),
    "ApplicationState.load_application": Access(_APPLICANTS, "the caller's own application"),
    "ApplicationState.save_application": Access(_APPLICANTS, "the caller's own application"),
    "MentoringStaffState.load_mentoring_staff": Access(MEMBER_STAFF, "vetting queue and draft"
                                                       " proposal; each read is audited"),
    "MentoringStaffState.decide_application": Access(MEMBER_STAFF, "submitted applications;"
                                                     " never one's own; audited"),
    "MentoringStaffState.set_allowance": Access(MEMBER_STAFF, "survivors only; audited"),
    "MentoringStaffState.propose_assignment": Access(MEMBER_STAFF, "a draft only; audited"),
    "MentoringStaffState.include_pair": Access(MEMBER_STAFF, "draft proposals; audited"),
    "MentoringStaffState.leave_out_pair": Access(MEMBER_STAFF, "draft proposals; audited"),
    "MentoringStaffState.publish_proposal": Access(MEMBER_STAFF, "re-checks every pair; audited"),
    "MentoringStaffState.discard_proposal": Access(MEMBER_STAFF, "draft proposals; audited"),
    # --- notifications ---
    "NotificationsState.load_notifications": Access(SIGNED_IN, "the caller's own notifications;"
                                                    " read only"),
    "NotificationsState.load_unread_count": Access(EVERYONE, "the caller's own unread count;"
                                                   " zero when signed out; read only"),
    "NotificationsState.show_older_notifications": Access(SIGNED_IN, "the caller's own; read"
                                                          " only"),
    "NotificationsState.show_newer_notifications": Access(SIGNED_IN, "the caller's own; read"
                                                          " only"),
    "NotificationsState.mark_notification_read": Access(SIGNED_IN, "only the caller's own"
                                                        " notifications"),
    "NotificationsState.open_notification": Access(SIGNED_IN, "only the caller's own; goes to"
                                                   " the path stored with it"),
    "NotificationsState.mark_all_notifications_read": Access(SIGNED_IN, "the caller's own"
                                                             " notifications"),
    "NotificationKindsState.load_notification_kinds": Access(SIGNED_IN, "the caller's own"
                                                             " choice per kind; read only"),
    "NotificationKindsState.choose_notification_kind": Access(SIGNED_IN, "the caller's own"
                                                              " choice for one optional kind;"
                                                              " security notices stay on"),
    "NotificationKindsState.choose_seen": Access(SIGNED_IN, "the caller's own \"seen\" choice"
                                                 " for her private messages"),
    "ReminderPreferencesState.load_reminder_preferences": Access(SIGNED_IN, "the caller's own"
                                                                 " choices and email"),
    "ReminderPreferencesState.save_reminder_preferences": Access(SIGNED_IN, "the caller's own"
                                                                 " reminder times and email;"
                                                                 " a new email or email on"
                                                                 " needs her passphrase"),
    # --- calendar ---
    "CalendarState.load_calendar": Access(EVERYONE, "the caller's own sessions, meetings and"
                                          " shifts; visitors get nothing; read only"),
    "AvailabilityState.load_availability": Access(_HOURS_EDITORS, "the caller's own hours;"
                                                  " approved mentors only; read only"),
    "AvailabilityState.save_availability_settings": Access(_HOURS_EDITORS, "the caller's own"
                                                           " settings; every value checked"),
    "AvailabilityState.add_weekly_window": Access(_HOURS_EDITORS, "the caller's own hours;"
                                                  " overlaps and bad times refused"),
    "AvailabilityState.remove_weekly_window": Access(_HOURS_EDITORS, "only the caller's own"
                                                     " hours"),
    "AvailabilityState.add_date_override": Access(_HOURS_EDITORS, "the caller's own dates;"
                                                  " past dates refused"),
    "AvailabilityState.remove_date_override": Access(_HOURS_EDITORS, "only the caller's own"
                                                     " date changes"),
    "BookingState.load_booking_flow": Access(_SESSION_PEOPLE, "slots of the caller's own"
                                             " mentor, or to move the caller's own session;"
                                             " read only"),
    "BookingState.choose_length": Access(_BOOKERS, "slots of the caller's own mentor; read"
                                         " only"),
    "BookingState.pick_day": Access(EVERYONE, "shows times already loaded; no database"),
    "BookingState.book_session": Access(_BOOKERS, "only with the caller's own mentor, a slot"
                                        " re-checked under the mentor's lock; rate-capped"),
    "BookingState.reschedule_session": Access(_SESSION_PEOPLE, "only sessions the caller"
                                              " takes part in; re-checked under the lock"),
    "SessionState.load_session": Access(_SESSION_PEOPLE, "only sessions the caller takes part"
                                        " in; read only"),
    "SessionState.cancel_session": Access(_SESSION_PEOPLE, "only sessions the caller takes"
                                          " part in"),
    "SessionState.save_session_details": Access(_SESSION_PEOPLE, "only sessions the caller"
                                                " takes part in; cleaned text"),
    "MeetingsState.load_meetings": Access(_PARTICIPANTS, "meetings of the caller's groups;"
                                          " read only"),
    "MeetingsState.schedule_meeting": Access(_PARTICIPANTS, "that group's moderators and site"
                                             " moderators; audited"),
    "MeetingsState.join_meeting": Access(_PARTICIPANTS, "active members of that group"),
    "MeetingsState.leave_meeting": Access(_PARTICIPANTS, "the caller's own place; the next"
                                          " in line moves up"),
    "MeetingsState.cancel_meeting": Access(_PARTICIPANTS, "that group's moderators and site"
                                           " moderators; audited"),
    # issue 13, item 9: a weekly series in one tap; "usually free" on a mentor's profile.
    "MeetingsState.join_series": Access(_PARTICIPANTS, "active members of that group; each"
                                        " date's seats and waitlist as one RSVP would"),
    "MeetingsState.leave_series": Access(_PARTICIPANTS, "the caller's own places; the next in"
                                         " line moves up at each date"),
    "UsuallyFreeState.load_usually_free": Access(_SEEKERS, "the same readers as the mentor's"
                                                 " profile (approved, not blocked); read only"),
    # --- resources ---
    "ResourcesState.load_resources": Access(EVERYONE, "published listings only; read only"),
    "ResourcesState.search_resources": Access(EVERYONE, "published listings only; filters"
                                              " checked against fixed lists; read only"),
    "ResourcesState.show_more_resources": Access(EVERYONE, "the next page of the same search;"
                                                 " read only"),
    "ResourceDetailState.load_resource": Access(EVERYONE, "a published listing; unpublished"
                                                " ones only for moderators; read only"),
    "ResourceDetailState.report_resource": Access(SIGNED_IN, "published listings; once per"
                                                  " member until resolved; rate-limited"),
    "ResourceSuggestState.load_suggest": Access(EVERYONE, "shows a form; visitors are sent to"
                                                " sign in; read only"),
    "ResourceSuggestState.suggest_resource": Access(SIGNED_IN, "creates an unpublished listing"
                                                    " for review; rate-limited"),
    "ResourceAdminState.load_resource_admin": Access(MEMBER_STAFF, "review list without who"
                                                     " sent it, all listings, import reports"),
    "ResourceAdminState.search_staff_listings": Access(MEMBER_STAFF, "all listings; read only"),
    "ResourceAdminState.accept_review": Access(MEMBER_STAFF, "open items only; audited"),
    "ResourceAdminState.dismiss_review": Access(MEMBER_STAFF, "open items only; audited"),
    "ResourceAdminState.verify_resource": Access(MEMBER_STAFF, "last verified = today; audited"),
    "ResourceAdminState.publish_resource": Access(MEMBER_STAFF, "audited"),
    "ResourceAdminState.unpublish_resource": Access(MEMBER_STAFF, "back to pending; audited"),
    "ResourceEditorState.load_resource_editor": Access(MEMBER_STAFF, "any listing; read only"),
    "ResourceEditorState.save_resource": Access(MEMBER_STAFF, "every field validated; audited"),
    # --- groups ---
    "GroupsState.load_groups": Access(EVERYONE, "groups the caller may find, their own notes"
                                      " and waiting count; visitors get nothing; read only"),
    "GroupsState.create_group": Access(MEMBER_STAFF, "audited"),
    "GroupsState.join_group": Access(_PARTICIPANTS, "open: joins; by request: asks; invite"
                                     " only: only when invited"),
    "GroupsState.leave_group": Access(_PARTICIPANTS, "the caller's own membership"),
    "GroupPageState.load_group": Access(_PARTICIPANTS, "a group the caller may find; threads"
                                        " only for its members; read only"),
    "GroupPageState.show_older_threads": Access(_PARTICIPANTS, "next feed page; read only"),
    "GroupPageState.show_newer_threads": Access(_PARTICIPANTS, "previous feed page; read only"),
    "GroupPageState.join_group": Access(_PARTICIPANTS, "as GroupsState.join_group"),
    "GroupPageState.leave_group": Access(_PARTICIPANTS, "the caller's own membership"),
    "GroupPageState.approve_request": Access(_PARTICIPANTS, "that group's moderators only;"
                                             " audited"),
    "GroupPageState.decline_request": Access(_PARTICIPANTS, "that group's moderators only;"
                                             " audited"),
    "GroupPageState.invite_to_group": Access(_PARTICIPANTS, "that group's moderators only;"
                                             " audited"),
    "GroupPageState.appoint_moderator": Access(MEMBER_STAFF, "active members only; audited"),
    "GroupPageState.remove_moderator": Access(MEMBER_STAFF, "audited"),
    "ComposeState.return_to_my_words": Access(EVERYONE, "shows the caller's own kept words"
                                              " again; reads and saves nothing"),
    "ComposeState.load_compose": Access(_PARTICIPANTS, "a group the caller may find; read only"),
    "ComposeState.start_thread": Access(_PARTICIPANTS, "members of that group; cleaned,"
                                        " judged, rate-limited; new members' posts held"),
    "GroupThreadState.load_thread": Access(_PARTICIPANTS, "members of its group; hidden and"
                                           " held posts only for their authors and moderators"),
    "GroupThreadState.show_more_posts": Access(_PARTICIPANTS, "as load_thread; read only"),
    "GroupThreadState.show_new_replies": Access(_PARTICIPANTS, "as load_thread: the thread"
                                                " this tab loaded, read again; read only"),
    "GroupThreadState.post_reply": Access(_PARTICIPANTS, "members; not in locked threads or"
                                          " across a block; cleaned, judged, rate-limited"),
    "GroupThreadState.edit_post": Access(_PARTICIPANTS, "the caller's own post, 15 minutes"),
    "GroupThreadState.delete_post": Access(_PARTICIPANTS, "the caller's own post"),
    "GroupThreadState.react_to_post": Access(_PARTICIPANTS, "visible posts in the caller's"
                                             " groups; supportive kinds only"),
    "GroupThreadState.flag_post": Access(_PARTICIPANTS, "visible posts of others in the"
                                         " caller's groups; once each; 10 a day"),
    # Issue 13, item 3: crisis support steps aside; reads and saves nothing.
    "GroupThreadState.return_to_my_words": Access(EVERYONE, "shows the caller's own kept"
                                                  " words again; reads and saves nothing"),
    "GroupThreadState.block_author": Access(_PARTICIPANTS, "a post's author, never revealed"),
    "GroupThreadState.hide_post": Access(_PARTICIPANTS, "that group's moderators; audited"),
    "GroupThreadState.lock_thread": Access(_PARTICIPANTS, "that group's moderators; audited"),
    "GroupThreadState.unlock_thread": Access(_PARTICIPANTS, "that group's moderators; audited"),
    "GroupThreadState.pin_thread": Access(_PARTICIPANTS, "that group's moderators; audited"),
    "GroupThreadState.unpin_thread": Access(_PARTICIPANTS, "that group's moderators; audited"),
    "ReviewQueueState.load_queue": Access(_PARTICIPANTS, "site moderators: every item; group"
                                          " moderators: their groups' posts; audited read"),
    "ReviewQueueState.show_next_queue_page": Access(_PARTICIPANTS, "as load_queue"),
    "ReviewQueueState.show_previous_queue_page": Access(_PARTICIPANTS, "as load_queue"),
    "ReviewQueueState.claim_item": Access(_PARTICIPANTS, "items the caller may moderate"),
    "ReviewQueueState.approve_item": Access(_PARTICIPANTS, "items the caller may moderate;"
                                            " audited"),
    "ReviewQueueState.reject_item": Access(_PARTICIPANTS, "items the caller may moderate;"
                                           " audited"),
    "ReviewQueueState.edit_and_approve_item": Access(_PARTICIPANTS, "items the caller may"
                                                     " moderate; cleaned; audited"),
    "ReviewQueueState.hide_item": Access(_PARTICIPANTS, "items the caller may moderate;"
                                         " audited"),
    "ReviewQueueState.dismiss_item": Access(_PARTICIPANTS, "items the caller may moderate;"
                                            " audited"),
    "ReviewQueueState.lock_item_thread": Access(_PARTICIPANTS, "threads the caller"
                                                " moderates; audited"),
    "ReviewQueueState.warn_author": Access(_PARTICIPANTS, "authors of items the caller may"
                                           " moderate; never oneself or staff; audited"),
    "ReviewQueueState.mute_author": Access(_PARTICIPANTS, "as warn_author; fixed lengths"),
    "ReviewQueueState.suspend_author": Access(ADMINS, "through staff.set_suspended; audited"),
    "ReviewQueueState.end_item_match": Access(MEMBER_STAFF, "site moderators: the mentorship of"
                                              " a reported or held private message; audited"),
    "ReviewQueueState.reply_to_contact": Access(MEMBER_STAFF, "site moderators: a member's"
                                                " message to staff; her notifications; audited"),
    "HelpState.send_staff_contact": Access(SIGNED_IN, "a private item for site moderators,"
                                           " under the caller's pseudonym; rate-limited"),
    "ModerationHistoryState.load_history": Access(_PARTICIPANTS, "site moderators: all; group"
                                                  " moderators: their groups; audited read"),
    "ModerationHistoryState.show_older_history": Access(_PARTICIPANTS, "as load_history"),
    "ModerationHistoryState.show_newer_history": Access(_PARTICIPANTS, "as load_history"),
    "WatchedWordsState.load_words": Access(MEMBER_STAFF, "the watch list; seeds it when"
                                           " empty"),
    "WatchedWordsState.filter_words": Access(MEMBER_STAFF, "fixed categories; read only"),
    "WatchedWordsState.show_more_words": Access(MEMBER_STAFF, "read only"),
    "WatchedWordsState.show_first_words": Access(MEMBER_STAFF, "read only"),
    "WatchedWordsState.add_watched_word": Access(MEMBER_STAFF, "validated pattern; audited"),
    "WatchedWordsState.remove_watched_word": Access(MEMBER_STAFF, "audited, with the optional"
                                                    " reason"),
    # --- issue 13 items 3 and 10: moderators' tools ---
    "WatchedWordsState.search_words": Access(MEMBER_STAFF, "a text filter; read only"),
    "WatchedWordsState.clear_word_search": Access(MEMBER_STAFF, "read only"),
    "WatchedWordsState.try_sentence": Access(MEMBER_STAFF, "matches a sentence against the"
                                             " watch list; stores and logs nothing"),
    "ReviewQueueState.send_care_message": Access(MEMBER_STAFF, "site moderators: urgent crisis"
                                                 " items only; a fixed template to the"
                                                 " author's notifications; once; audited"),
    "GroupSettingsState.load_group_settings": Access(_PARTICIPANTS, "that group's moderators"
                                                     " and site moderators; read only"),
    "GroupSettingsState.save_group_settings": Access(_PARTICIPANTS, "that group's moderators"
                                                     " and site moderators; audited"),
    "GroupSettingsState.remove_group_member": Access(_PARTICIPANTS, "that group's moderators"
                                                     " (not other moderators) and site"
                                                     " moderators; reason; audited"),
    # --- volunteering ---
    "OpportunitiesState.load_opportunities": Access(SIGNED_IN, "open opportunities; visitors"
                                                    " get nothing; read only"),
    "OpportunitiesState.filter_opportunities": Access(SIGNED_IN, "filters checked against"
                                                      " fixed lists; read only"),
    "OpportunitiesState.show_more_opportunities": Access(SIGNED_IN, "next page; read only"),
    "OpportunityState.load_opportunity": Access(SIGNED_IN, "an open opportunity (closed ones"
                                                " for its managers), seat counts and the"
                                                " caller's own place; read only"),
    "OpportunityState.sign_up_for_shift": Access(_VOLUNTEERS, "the caller only; shift row"
                                                 " locked; full shifts waitlist; never twice"),
    "OpportunityState.cancel_shift_signup": Access(_VOLUNTEERS, "only the caller's own place;"
                                                   " promotes the first member waiting"),
    "MyVolunteeringState.load_my_volunteering": Access(_VOLUNTEERS, "the caller's own shifts"
                                                       " and hours; read only"),
    "MyVolunteeringState.cancel_my_signup": Access(_VOLUNTEERS, "only the caller's own place"),
    "CoordinateState.load_coordinate": Access(_COORDINATORS, "coordinators: their own"
                                              " organisation's; staff: all; read only"),
    "OpportunityEditorState.load_opportunity_editor": Access(_COORDINATORS, "own organisation's"
                                                             " opportunities (staff: all)"),
    "OpportunityEditorState.save_opportunity": Access(_COORDINATORS, "own organisation's"
                                                      " (staff: all); cleaned; audited"),
    "OpportunityEditorState.add_shift": Access(_COORDINATORS, "own organisation's; audited"),
    "OpportunityEditorState.update_shift": Access(_COORDINATORS, "own organisation's; never"
                                                  " below confirmed seats; audited"),
    "OpportunityEditorState.cancel_shift": Access(_COORDINATORS, "own organisation's; tells"
                                                  " everyone on it; audited"),
    "AttendanceState.load_attendance": Access(_COORDINATORS, "own organisation's rosters"
                                              " (pseudonyms); audited read"),
    "AttendanceState.record_attendance": Access(_COORDINATORS, "own organisation's confirmed"
                                                " sign-ups, after the shift ends; audited"),
    "AttendanceState.add_attendee": Access(_COORDINATORS, "own organisation's shifts that"
                                           " have ended; audited"),
    "AttendanceState.approve_hours": Access(_COORDINATORS, "own organisation's; audited"),
    "AttendanceState.approve_all_hours": Access(_COORDINATORS, "own organisation's; audited"),
    # --- my path ---
    "PathState.load_path": Access(_PATH_READERS, "the caller's own goals (survivors) and"
                                  " the mentees' shared counts (mentors); read only"),
    "PathState.add_starter_goal": Access(_PATH_KEEPERS, "a goal of the caller's own"),
    "PathState.add_own_goal": Access(_PATH_KEEPERS, "a goal of the caller's own; sanitised"),
    "PathState.save_goal": Access(_PATH_KEEPERS, "only the caller's own goal"),
    "PathState.set_goal_status": Access(_PATH_KEEPERS, "only the caller's own goal"),
    "PathState.save_milestone": Access(_PATH_KEEPERS, "only the caller's own finished goal"),
    "PathState.remove_goal": Access(_PATH_KEEPERS, "only the caller's own goal"),
    "PathState.add_step": Access(_PATH_KEEPERS, "the caller's own goal; a link only to what"
                                 " the caller may see herself"),
    "PathState.toggle_step": Access(_PATH_KEEPERS, "only a step of the caller's own goal"),
    "PathState.accept_step": Access(_PATH_KEEPERS, "only a step of the caller's own goal"),
    "PathState.remove_step": Access(_PATH_KEEPERS, "only a step of the caller's own goal"),
    "PathState.share_goal": Access(_PATH_KEEPERS, "the caller's own goal, with her own open"
                                   " match only"),
    "PathState.unshare_goal": Access(_PATH_KEEPERS, "only the caller's own goal"),
    "MenteePathState.load_mentee_path": Access(_PATH_GUIDES, "goals shared in the caller's"
                                               " own open match; never notes; read only"),
    "MenteePathState.suggest_step": Access(_PATH_GUIDES, "a goal shared with the caller in an"
                                           " open match; watched words as messages"),
    "PathSessionState.load_path_session": Access(_SESSION_PEOPLE, "the caller's own session"
                                                 " in an open match; own private note only"),
    "PathSessionState.add_agenda_point": Access(_SESSION_PEOPLE, "the loaded session of the"
                                                " caller's own, before it starts"),
    "PathSessionState.remove_agenda_point": Access(_SESSION_PEOPLE, "only the caller's own"
                                                   " point"),
    "PathSessionState.save_private_note": Access(_SESSION_PEOPLE, "the caller's own note on"
                                                 " the loaded session of her own"),
    "PathSessionState.save_agreed_note": Access(_SESSION_PEOPLE, "the one shared note of the"
                                                " loaded session of the caller's own"),
    # --- insights ---
    "InsightsState.load_insights": Access(_INSIGHTS_READERS, "aggregate figures only, small"
                                          " cells suppressed; partners their own"
                                          " organisation's members; audited read"),
    "InsightsState.choose_range": Access(_INSIGHTS_READERS, "a range from the menu only (else"
                                         " the default); the same figures; audited read"),
    # --- stories ---
    "StoriesState.load_stories": Access(_READERS, "published stories; no author id, no name"
                                        " unless she signed it; read only"),
    "StoriesState.react_to_story": Access(_WRITERS, "the caller's own supportive reaction"
                                          " on a published story"),
    "StoriesState.reply_to_story": Access(_WRITERS, "a held reply by the caller, only where"
                                          " the author allows replies"),
    "WriteStoryState.load_story_editor": Access(_WRITERS, "the caller's own story only"),
    "WriteStoryState.save_story_draft": Access(_WRITERS, "creates or edits the caller's own"
                                               " story (an edit goes back to review)"),
    "WriteStoryState.replace_story_detail": Access(_WRITERS, "the caller's own story, the"
                                                   " story id held server-side"),
    "WriteStoryState.replace_story_title_detail": Access(_WRITERS, "the caller's own story's"
                                                         " title, the story id held"
                                                         " server-side"),
    "WriteStoryState.submit_story_for_review": Access(_WRITERS, "the caller's own story"),
    "MyStoriesState.load_my_stories": Access(_WRITERS, "the caller's own stories"),
    "MyStoriesState.confirm_my_story": Access(_WRITERS, "the caller's own approved story"),
    "MyStoriesState.submit_my_story": Access(_WRITERS, "the caller's own story"),
    "MyStoriesState.unpublish_my_story": Access(_WRITERS, "the caller's own story"),
    "MyStoriesState.delete_my_story": Access(_WRITERS, "the caller's own story"),
    "StoryReviewState.load_story_reviews": Access(MEMBER_STAFF, "stories waiting, never the"
                                                  " author (audited read)"),
    "StoryReviewState.approve_story_review": Access(MEMBER_STAFF, "never her own story; a"
                                                    " public story needs a second moderator"),
    "StoryReviewState.return_story_review": Access(MEMBER_STAFF, "with a note (audited)"),
    "StoryReviewState.approve_story_reply": Access(MEMBER_STAFF, "a held reply (audited)"),
    "StoryReviewState.reject_story_reply": Access(MEMBER_STAFF, "a held reply (audited)"),
    "VoicesState.load_voices": Access(EVERYONE, "public, confirmed stories only"),
    "VoicesState.load_voice_story": Access(EVERYONE, "one public, confirmed story by id;"
                                           " anything else shows nothing"),
    "MyStoriesState.link_story_to_profile": Access(_MENTORS_LINKING, "the caller's own"
                                                   " published story signed with her"
                                                   " pseudonym, on her own mentor profile"),
    "MyStoriesState.unlink_story_from_profile": Access(_WRITERS, "the caller's own profile"
                                                       " link only"),
}

# Reflex adds `setvar` to every state. It only calls a `set_<name>` handler that
# exists, and each of those is listed above, so it opens nothing new.
# Reflex's own handlers that any browser can reach, and why each is safe here.
FRAMEWORK_HANDLERS: dict[str, str] = {
    "setvar": ("sets a var only through an explicit set_* handler listed above (automatic "
               "setters are off); never identity, roles or ids a service trusts"),
    "hydrate": ("sends the tab's state; the viewer-binding middleware clears every Lantern "
                "state first when the cookie's viewer is not the one it was loaded for"),
    "hydrate_and_load": "hydrate, then the page's on_load handlers, each listed above",
    "set_is_hydrated": "a loading flag of Reflex's own; holds nothing private",
    "on_load_internal": "runs the page's on_load handlers, each listed above and authorized",
    "update_vars_internal": ("stores browser-storage vars (only the language cookie here: "
                             "lantern_lang, not a credential)"),
    "handle_frontend_exception": ("logs a browser error message (no state change); the log "
                                  "scan test keeps personal data out of logs"),
}

