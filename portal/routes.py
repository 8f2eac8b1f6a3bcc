"""Every path of Lantern in one place: pages, server routes and the links between them.

Pages, states, services (notification links) and HTTP routes name a path through a
constant or a builder here, never a literal, so a path is changed in one line and a
typo is an import error, not a 404. Builders take ids and return the href with its
query string; they accept only whole numbers, so nothing a browser sent is pasted into
a link.
"""

from __future__ import annotations

from urllib.parse import urlencode

# Pages ---------------------------------------------------------------------------
HOME = "/"
HELP = "/help"
SAFETY = "/safety"
SIGN_IN = "/sign-in"
SIGN_UP = "/sign-up"
RECOVER = "/recover"
WELCOME = "/welcome"
ACCOUNT = "/account"
STAFF = "/staff"
NOTIFICATIONS = "/notifications"

MENTORING = "/mentoring"
MENTORING_FIND = "/mentoring/find"
MENTORING_MENTOR = "/mentoring/mentor"
MENTORING_INTAKE = "/mentoring/intake"
MENTORING_MESSAGES = "/mentoring/messages"
MENTORING_DESK = "/mentoring/desk"
MENTORING_APPLY = "/mentoring/apply"
MENTORING_STAFF = "/mentoring/staff"

GROUPS = "/groups"
GROUP = "/groups/view"
GROUP_COMPOSE = "/groups/compose"
GROUP_THREAD = "/groups/thread"
GROUP_SETTINGS = "/groups/settings"  # issue 13 item 10

MODERATION = "/moderation"
MODERATION_HISTORY = "/moderation/history"
MODERATION_WORDS = "/moderation/words"

CALENDAR = "/calendar"
CALENDAR_AVAILABILITY = "/calendar/availability"
CALENDAR_BOOK = "/calendar/book"
CALENDAR_SESSION = "/calendar/session"
CALENDAR_MEETINGS = "/calendar/meetings"

VOLUNTEER = "/volunteer"
VOLUNTEER_OPPORTUNITY = "/volunteer/opportunity"
VOLUNTEER_MINE = "/volunteer/mine"
VOLUNTEER_COORDINATE = "/volunteer/coordinate"
VOLUNTEER_EDIT = "/volunteer/edit"
VOLUNTEER_ATTENDANCE = "/volunteer/attendance"

PATH = "/path"
PATH_MENTEE = "/path/mentee"
PATH_SESSION = "/path/session"
STORIES = "/stories"
STORIES_NEW = "/stories/new"
STORIES_MINE = "/stories/mine"
STORIES_REVIEW = "/stories/review"
VOICES = "/voices"  # public: no sign-in
VOICES_STORY = "/voices/story"  # one public story: the only page search engines may index

RESOURCES = "/resources"
RESOURCE = "/resources/listing"
RESOURCES_SUGGEST = "/resources/suggest"
RESOURCES_MANAGE = "/resources/manage"
RESOURCES_EDIT = "/resources/edit"

INSIGHTS = "/insights"

# Server routes (files and no-script forms) -----------------------------------------
AUTH_SIGN_IN = "/auth/sign-in"
AUTH_SIGN_UP = "/auth/sign-up"
AUTH_RECOVER = "/auth/recover"
AUTH_SIGN_OUT = "/auth/sign-out"
AUTH_SIGN_OUT_EVERYWHERE = "/auth/sign-out-everywhere"
AUTH_CHANGE_PASSPHRASE = "/auth/change-passphrase"  # noqa: S105 (a path)
AUTH_DELETE_ACCOUNT = "/auth/delete-account"
AUTH_QUICK_EXIT = "/auth/quick-exit"
AUTH_OIDC = "/auth/oidc"
AUTH_OIDC_START = AUTH_OIDC + "/start"
AUTH_OIDC_CALLBACK = AUTH_OIDC + "/callback"
MY_DATA_DOWNLOAD = "/account/my-data.json"
SESSION_ICS = "/calendar/session.ics"
RESOURCES_EXPORT = "/resources/export.zip"
RESOURCES_IMPORT = "/resources/import"
VOLUNTEER_HISTORY_PDF = "/volunteer/experience.pdf"
VOLUNTEER_HISTORY_CSV = "/volunteer/experience.csv"
INSIGHTS_CSV = "/insights/figures.csv"
INSIGHTS_PDF = "/insights/summary.pdf"


def with_query(path: str, **params: object) -> str:
    """``path`` with its query string; empty values are left out."""
    present = {name: value for name, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(present)}" if present else path


def _id(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("an href is built from whole-number ids only")
    return value


def insights_download(path: str, weeks: int) -> str:
    """A download of the insights for one range of the menu."""
    if path not in (INSIGHTS_CSV, INSIGHTS_PDF):
        raise ValueError("not an insights download")
    return with_query(path, weeks=_id(weeks))
def story_editor(story_id: int) -> str:
    return f"{STORIES_NEW}?id={_id(story_id)}"


def voices_story(story_id: int) -> str:
    return f"{VOICES_STORY}?id={_id(story_id)}"


def story_for_members(story_id: int) -> str:
    """One published story in the members' feed (the link from a mentor's profile)."""
    return f"{STORIES}?story={_id(story_id)}"


def group(group_id: int) -> str:
    return f"{GROUP}?id={_id(group_id)}"


def group_settings(group_id: int) -> str:
    return f"{GROUP_SETTINGS}?id={_id(group_id)}"


def group_thread(thread_id: int) -> str:
    return f"{GROUP_THREAD}?id={_id(thread_id)}"


def group_meetings(group_id: int) -> str:
    return f"{CALENDAR_MEETINGS}?group={_id(group_id)}"


def mentoring_messages(match_id: int) -> str:
    return f"{MENTORING_MESSAGES}?match={_id(match_id)}"


def mentor_profile(mentor_id: int) -> str:
    return f"{MENTORING_MENTOR}?id={_id(mentor_id)}"


def book_with(mentor_id: int) -> str:
    return f"{CALENDAR_BOOK}?mentor={_id(mentor_id)}"


def calendar_session(booking_id: int) -> str:
    return f"{CALENDAR_SESSION}?id={_id(booking_id)}"


def session_ics(booking_id: int) -> str:
    return f"{SESSION_ICS}?id={_id(booking_id)}"


def volunteer_opportunity(opportunity_id: int) -> str:
    return f"{VOLUNTEER_OPPORTUNITY}?id={_id(opportunity_id)}"


def volunteer_edit(opportunity_id: int) -> str:
    return f"{VOLUNTEER_EDIT}?id={_id(opportunity_id)}"


def volunteer_attendance(shift_id: int) -> str:
    return f"{VOLUNTEER_ATTENDANCE}?shift={_id(shift_id)}"


def path_mentee(match_id: int) -> str:
    return with_query(PATH_MENTEE, match=_id(match_id))


def path_session(booking_id: int) -> str:
    return with_query(PATH_SESSION, id=_id(booking_id))


def resource(listing_id: int, zone: str = "") -> str:
    return with_query(RESOURCE, id=_id(listing_id), tz=zone)


def resource_edit(listing_id: int) -> str:
    return f"{RESOURCES_EDIT}?id={_id(listing_id)}"


def sign_in_with_error(code: str) -> str:
    return with_query(SIGN_IN, error=code)


# --- issue 13 item 5: Back ------------------------------------------------------------
# The top level: the pages in the bottom navigation. Every other page has a parent, where
# the header's Back control goes.
TOP_LEVEL = (HOME, MENTORING, GROUPS, CALENDAR, RESOURCES, HELP)
PARENTS: dict[str, str] = {
    SAFETY: HELP,
    SIGN_IN: HOME,
    SIGN_UP: HOME,
    RECOVER: SIGN_IN,
    WELCOME: HOME,
    ACCOUNT: HOME,
    STAFF: HOME,
    NOTIFICATIONS: HOME,
    MENTORING_FIND: MENTORING,
    MENTORING_MENTOR: MENTORING_FIND,
    MENTORING_INTAKE: MENTORING,
    MENTORING_MESSAGES: MENTORING,
    MENTORING_DESK: MENTORING,
    MENTORING_APPLY: MENTORING,
    MENTORING_STAFF: MENTORING,
    GROUP: GROUPS,
    GROUP_COMPOSE: GROUPS,
    GROUP_THREAD: GROUPS,
    MODERATION: HOME,
    MODERATION_HISTORY: MODERATION,
    MODERATION_WORDS: MODERATION,
    CALENDAR_AVAILABILITY: CALENDAR,
    CALENDAR_BOOK: CALENDAR,
    CALENDAR_SESSION: CALENDAR,
    CALENDAR_MEETINGS: CALENDAR,
    VOLUNTEER: HOME,
    VOLUNTEER_OPPORTUNITY: VOLUNTEER,
    VOLUNTEER_MINE: VOLUNTEER,
    VOLUNTEER_COORDINATE: VOLUNTEER,
    VOLUNTEER_EDIT: VOLUNTEER_COORDINATE,
    VOLUNTEER_ATTENDANCE: VOLUNTEER_COORDINATE,
    RESOURCES_SUGGEST: RESOURCES,
    RESOURCE: RESOURCES,
    RESOURCES_MANAGE: RESOURCES,
    RESOURCES_EDIT: RESOURCES_MANAGE,
    PATH: HOME,
    PATH_MENTEE: PATH,
    PATH_SESSION: CALENDAR,
    INSIGHTS: STAFF,
}


def same_page(path: str, page: str) -> bool:
    """Whether ``path`` (as a browser sent it, with or without the trailing slash) is
    the page ``page``."""
    return path.rstrip("/") == page.rstrip("/")


def parent_of(path: str) -> str:
    """The page the Back control of ``path`` leads to; "" for the top level. An unknown
    page below the top level (a 404) leads home."""
    clean = (path or "").split("?", 1)[0].split("#", 1)[0]
    clean = clean.rstrip("/") or HOME
    if clean in TOP_LEVEL:
        return ""
    return PARENTS.get(clean, HOME)


def back_cases() -> list[tuple[str, str, str]]:
    """(path, the same path as static hosting spells it with a trailing slash, parent)
    for every page below the top level: what the header matches the current path against."""
    return [(path, path + "/", parent) for path, parent in PARENTS.items()]
