"""Builds the Reflex app: pages, routes, security headers. Nothing else."""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette

from portal import routes
from portal.http.mount import ROUTES
from portal.pages import (
    account,
    home,
    info,
    mentoring_desk,
    mentoring_staff,
    mentoring_thread,
    not_found,
    staff,
)
from portal.pages import calendar as calendar_pages
from portal.pages import calendar_booking as calendar_booking_pages
from portal.pages import calendar_meetings as calendar_meeting_pages
from portal.pages import group_settings as group_settings_pages
from portal.pages import groups as group_pages
from portal.pages import groups_thread as group_thread_pages
from portal.pages import insights as insights_pages
from portal.pages import mentoring as mentoring_pages
from portal.pages import moderation as moderation_pages
from portal.pages import notifications as notification_pages
from portal.pages import path as path_pages
from portal.pages import resources as resource_pages
from portal.pages import resources_admin as resource_admin_pages
from portal.pages import stories as story_pages
from portal.pages import volunteering as volunteer_pages
from portal.pages import volunteering_coordinate as volunteer_coordinate_pages
from portal.security_headers import SecurityHeaders
from portal.services.wiring import wire
from portal.state.account import AccountState, RecoveryCodesState
from portal.state.base import AppState, entering_the_page
from portal.state.calendar import AvailabilityState, CalendarState
from portal.state.calendar_booking import BookingState, SessionState
from portal.state.calendar_meetings import MeetingsState
from portal.state.calendar_usual import UsuallyFreeState
from portal.state.group_settings import GroupSettingsState
from portal.state.groups import ComposeState, GroupPageState, GroupsState
from portal.state.groups_thread import GroupThreadState
from portal.state.home import HomeState
from portal.state.insights import InsightsState
from portal.state.live import listen as listen_for_live_changes
from portal.state.mentoring import IntakeState, MentoringState
from portal.state.mentoring_desk import ApplicationState, MentorDeskState
from portal.state.mentoring_staff import MentoringStaffState
from portal.state.mentoring_thread import ThreadState
from portal.state.moderation import (
    ModerationHistoryState,
    ReviewQueueState,
    WatchedWordsState,
)
from portal.state.notifications import (
    NotificationsState,
)
from portal.state.path import MenteePathState, PathSessionState, PathState
from portal.state.payload import PayloadGuard
from portal.state.redis_locks import guard_lock_attempts
from portal.state.resources import ResourceDetailState, ResourcesState, ResourceSuggestState
from portal.state.resources_admin import ResourceAdminState, ResourceEditorState
from portal.state.staff import StaffState
from portal.state.stories import (
    MyStoriesState,
    StoriesState,
    StoryReviewState,
    VoicesState,
    WriteStoryState,
)
from portal.state.trouble import on_unexpected_trouble
from portal.state.viewer_binding import ViewerBinding
from portal.state.volunteering import (
    MyVolunteeringState,
    OpportunitiesState,
    OpportunityState,
)
from portal.state.volunteering_coordinate import (
    AttendanceState,
    CoordinateState,
    OpportunityEditorState,
)

TITLE = "Lantern"  # neutral on every page: someone may be looking over a shoulder

wire()
guard_lock_attempts()  # scale-out: a cancelled event never leaves a tab's lock behind

app = rx.App(
    stylesheets=["/lantern.css"],
    head_components=[
        rx.el.script(src="/lantern.js", defer=True),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="referrer", content="no-referrer"),
    ],
    html_lang="en",
    api_transformer=[Starlette(routes=ROUTES), SecurityHeaders],
    toaster=None,
    backend_exception_handler=on_unexpected_trouble,
)
# First of all middleware, before hydrate sends anything (state/viewer_binding.py), then
# the payload check that refuses what does not fit a handler (state/payload.py).
app.add_middleware(ViewerBinding(), index=0)
app.add_middleware(PayloadGuard(), index=1)
# Issue 15: each worker hears what changed (memory, or Redis pub/sub) and refreshes its tabs.
app.register_lifespan_task(listen_for_live_changes)

# A page's first load of its own enters the page in that same event
# (``entering_the_page``: one event fewer per navigation); pages with no load of their
# own run ``AppState.load_page``.
LOAD = [AppState.load_page]
# Search engines are told to skip every page (also by the X-Robots-Tag header,
# security_headers.py), except a story's own Voices page: there the header alone decides,
# per story, from the author's choice.
NOINDEX_META = ({"name": "robots", "content": "noindex, nofollow"},)


def add_page(component, *, indexable: bool = False, **options) -> None:
    app.add_page(component, meta=() if indexable else NOINDEX_META, **options)


add_page(home.home_page, route=routes.HOME, title=TITLE,
         on_load=entering_the_page(HomeState.load_home))
# --- mentoring ---
add_page(mentoring_pages.mentoring_page, route=routes.MENTORING, title=TITLE,
         on_load=entering_the_page(MentoringState.load_mentoring))
add_page(mentoring_pages.find_page, route=routes.MENTORING_FIND, title=TITLE,
         on_load=entering_the_page(MentoringState.load_find))
add_page(mentoring_pages.mentor_page, route=routes.MENTORING_MENTOR, title=TITLE,
         on_load=entering_the_page(MentoringState.load_mentor_profile,
                                   UsuallyFreeState.load_usually_free))  # issue 13, item 9
add_page(mentoring_pages.intake_page, route=routes.MENTORING_INTAKE, title=TITLE,
         on_load=entering_the_page(IntakeState.load_intake))
add_page(mentoring_thread.thread_page, route=routes.MENTORING_MESSAGES, title=TITLE,
         on_load=entering_the_page(ThreadState.load_thread))
add_page(mentoring_desk.desk_page, route=routes.MENTORING_DESK, title=TITLE,
         on_load=entering_the_page(MentorDeskState.load_desk))
add_page(mentoring_desk.application_page, route=routes.MENTORING_APPLY, title=TITLE,
         on_load=entering_the_page(ApplicationState.load_application))
add_page(mentoring_staff.staff_mentoring_page, route=routes.MENTORING_STAFF, title=TITLE,
         on_load=entering_the_page(MentoringStaffState.load_mentoring_staff))
# --- groups ---
add_page(group_pages.groups_page, route=routes.GROUPS, title=TITLE,
         on_load=entering_the_page(GroupsState.load_groups))
add_page(group_pages.group_page, route=routes.GROUP, title=TITLE,
         on_load=entering_the_page(GroupPageState.load_group))
add_page(group_pages.compose_page, route=routes.GROUP_COMPOSE, title=TITLE,
         on_load=entering_the_page(ComposeState.load_compose))
add_page(group_thread_pages.thread_page, route=routes.GROUP_THREAD, title=TITLE,
         on_load=entering_the_page(GroupThreadState.load_thread))
# Issue 13 item 10: a group's settings, for its moderators.
add_page(group_settings_pages.group_settings_page, route=routes.GROUP_SETTINGS,
         title=TITLE, on_load=entering_the_page(GroupSettingsState.load_group_settings))
add_page(moderation_pages.queue_page, route=routes.MODERATION, title=TITLE,
         on_load=entering_the_page(ReviewQueueState.load_queue))
add_page(moderation_pages.history_page, route=routes.MODERATION_HISTORY, title=TITLE,
         on_load=entering_the_page(ModerationHistoryState.load_history))
add_page(moderation_pages.words_page, route=routes.MODERATION_WORDS, title=TITLE,
         on_load=entering_the_page(WatchedWordsState.load_words))
# --- calendar ---
add_page(calendar_pages.calendar_page, route=routes.CALENDAR, title=TITLE,
         on_load=entering_the_page(CalendarState.load_calendar))
add_page(calendar_pages.availability_page, route=routes.CALENDAR_AVAILABILITY, title=TITLE,
         on_load=entering_the_page(AvailabilityState.load_availability))
add_page(calendar_booking_pages.booking_page, route=routes.CALENDAR_BOOK, title=TITLE,
         on_load=entering_the_page(BookingState.load_booking_flow))
add_page(calendar_booking_pages.session_page, route=routes.CALENDAR_SESSION, title=TITLE,
         on_load=entering_the_page(SessionState.load_session))
add_page(calendar_meeting_pages.meetings_page, route=routes.CALENDAR_MEETINGS, title=TITLE,
         on_load=entering_the_page(MeetingsState.load_meetings))
# --- my path ---
add_page(path_pages.path_page, route=routes.PATH, title=TITLE,
         on_load=entering_the_page(PathState.load_path))
add_page(path_pages.mentee_page, route=routes.PATH_MENTEE, title=TITLE,
         on_load=entering_the_page(MenteePathState.load_mentee_path))
add_page(path_pages.session_notes_page, route=routes.PATH_SESSION, title=TITLE,
         on_load=entering_the_page(PathSessionState.load_path_session))
# --- volunteering ---
add_page(volunteer_pages.opportunities_page, route=routes.VOLUNTEER, title=TITLE,
         on_load=entering_the_page(OpportunitiesState.load_opportunities))
add_page(volunteer_pages.opportunity_page, route=routes.VOLUNTEER_OPPORTUNITY, title=TITLE,
         on_load=entering_the_page(OpportunityState.load_opportunity))
add_page(volunteer_pages.my_volunteering_page, route=routes.VOLUNTEER_MINE, title=TITLE,
         on_load=entering_the_page(MyVolunteeringState.load_my_volunteering))
add_page(volunteer_coordinate_pages.coordinate_page, route=routes.VOLUNTEER_COORDINATE,
         title=TITLE, on_load=entering_the_page(CoordinateState.load_coordinate))
add_page(volunteer_coordinate_pages.opportunity_editor_page, route=routes.VOLUNTEER_EDIT,
         title=TITLE, on_load=entering_the_page(OpportunityEditorState.load_opportunity_editor))
add_page(volunteer_coordinate_pages.attendance_page, route=routes.VOLUNTEER_ATTENDANCE,
         title=TITLE, on_load=entering_the_page(AttendanceState.load_attendance))
# --- stories ---
add_page(story_pages.feed_page, route=routes.STORIES, title=TITLE,
         on_load=entering_the_page(StoriesState.load_stories))
add_page(story_pages.write_page, route=routes.STORIES_NEW, title=TITLE,
         on_load=entering_the_page(WriteStoryState.load_story_editor))
add_page(story_pages.mine_page, route=routes.STORIES_MINE, title=TITLE,
         on_load=entering_the_page(MyStoriesState.load_my_stories))
add_page(story_pages.review_page, route=routes.STORIES_REVIEW, title=TITLE,
         on_load=entering_the_page(StoryReviewState.load_story_reviews))
add_page(story_pages.voices_page, route=routes.VOICES, title=TITLE,
         on_load=entering_the_page(VoicesState.load_voices))
add_page(story_pages.voice_story_page, route=routes.VOICES_STORY, title=TITLE, indexable=True,
         on_load=entering_the_page(VoicesState.load_voice_story))
# --- resources ---
add_page(resource_pages.resources_page, route=routes.RESOURCES, title=TITLE,
         on_load=entering_the_page(ResourcesState.load_resources))
add_page(resource_pages.resource_detail_page, route=routes.RESOURCE, title=TITLE,
         on_load=entering_the_page(ResourceDetailState.load_resource))
add_page(resource_pages.resource_suggest_page, route=routes.RESOURCES_SUGGEST, title=TITLE,
         on_load=entering_the_page(ResourceSuggestState.load_suggest))
add_page(resource_admin_pages.resource_admin_page, route=routes.RESOURCES_MANAGE, title=TITLE,
         on_load=entering_the_page(ResourceAdminState.load_resource_admin))
add_page(resource_admin_pages.resource_editor_page, route=routes.RESOURCES_EDIT, title=TITLE,
         on_load=entering_the_page(ResourceEditorState.load_resource_editor))
add_page(info.help_page, route=routes.HELP, title=TITLE, on_load=LOAD)
add_page(info.safety_page, route=routes.SAFETY, title=TITLE, on_load=LOAD)
# Any other address: the shell, a calm sentence and a way home (not Reflex's bare text).
add_page(not_found.not_found_page, route=rx.constants.Page404.SLUG, title=TITLE,
         on_load=LOAD)
add_page(account.sign_in_page, route=routes.SIGN_IN, title=TITLE, on_load=LOAD)
add_page(account.sign_up_page, route=routes.SIGN_UP, title=TITLE, on_load=LOAD)
add_page(account.recover_page, route=routes.RECOVER, title=TITLE, on_load=LOAD)
add_page(account.welcome_page, route=routes.WELCOME, title=TITLE,
         on_load=entering_the_page(RecoveryCodesState.load_welcome))
add_page(account.account_page, route=routes.ACCOUNT, title=TITLE,
         on_load=entering_the_page(AccountState.load_account))
add_page(staff.staff_page, route=routes.STAFF, title=TITLE,
         on_load=entering_the_page(StaffState.load_staff))
add_page(insights_pages.insights_page, route=routes.INSIGHTS, title=TITLE,
         on_load=entering_the_page(InsightsState.load_insights))
# --- notifications ---
add_page(notification_pages.notifications_page, route=routes.NOTIFICATIONS, title=TITLE,
         on_load=entering_the_page(NotificationsState.load_notifications))
