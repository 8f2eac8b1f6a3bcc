"""The figures of each section, one aggregate query each (see ``_build``).

Nothing here reads a row about a person into Python: every query groups and counts in
the database; durations come back as two or three percentile values.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from portal.domain.groups import PostStatus
from portal.domain.insights import (
    THRESHOLD,
    Reading,
    duration_reading,
    share_reading,
    shown,
    single,
)
from portal.domain.mentoring import ApplicationStatus, EndReason, MatchStatus, RequestStatus
from portal.domain.moderation_flags import FlagReason
from portal.domain.moderation_words import WatchCategory
from portal.domain.resource_catalog import CATEGORIES
from portal.models import Invite, User
from portal.models.calendar import GroupMeeting, MeetingRsvp, SessionBooking
from portal.models.groups import GroupPost, PostFlag, ReviewQueueItem
from portal.models.insights import InsightsPostWeek
from portal.models.mentoring import FitCheck, MentorApplication, MentorMatch, MentorRequest
from portal.models.notifications import Notification
from portal.models.resources import DirectorySearchMiss, ResourceListing, ResourceReview
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services.insights._build import (
    Period,
    Scope,
    breakdown,
    count_when,
    grouped,
    nested_number,
    per_range,
    same_people,
    series,
    share_of,
    shifted,
    snapshot,
    weekly_columns,
    weekly_counts,
)
from portal.services.insights._sql import hours_between, percentiles
from portal.services.insights.views import Figure, FigureRow

REQUEST_OUTCOMES = ("accepted", "declined", "expired", "withdrawn", "pending")
FIT_ANSWERS = ("good", "unsure", "not_good")
ENDED_WHY = tuple(reason.value for reason in EndReason)  # no reason kept: "rather not say"
ENDED_BY = ("survivor", "mentor", "staff", "former")
LOAD_LEVELS = ("none", "some_room", "full", "paused")
SESSION_OUTCOMES = ("held", "upcoming", "cancelled", "rescheduled")
POST_KINDS = ("posts", "replies")
HELD_OR_NOT = ("held", "not_held")
RETURNED = ("returned", "not_returned")
WATCH_CATEGORIES = tuple(category.value for category in WatchCategory)
FLAG_REASONS = tuple(reason.value for reason in FlagReason)
VERIFIED_DAYS = 180
RETURN_DAYS = (30, 90)


def _duration(key: str, session: Session, earlier, later, where) -> Figure:
    """Median and 90th percentile of a duration in hours, only over 5 people or more."""
    hours = hours_between(session, earlier, later)
    count, values = percentiles(session, hours, where)
    enough = count >= THRESHOLD
    rows = tuple(FigureRow(label=f"insights.stat.{name}", label_kind="key",
                           cell=shown(round(value)) if enough and value is not None
                           else single(min(count, 1)))
                 for name, value in zip(("median", "p90"), values, strict=True))
    return Figure(key=key, chart="number", rows=rows if count else (), total=None,
                  reading=duration_reading(f"insights.reading.{key}", values[0], count),
                  unit="hours")


# --- mentoring ---------------------------------------------------------------------

def mentoring(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    start, end = period.chosen.start_at, period.chosen.end_at
    survivor = scope.people(MentorRequest.survivor_id)
    requests = weekly_counts(session, period, MentorRequest.created_at, [survivor])
    outcome = weekly_counts(session, period, MentorRequest.created_at, [survivor],
                            label=MentorRequest.status)
    # The same requests: each week, and what happened to them.
    requests_shown, outcomes_shown = same_people(period, requests, (REQUEST_OUTCOMES, outcome))
    outcomes = breakdown("request_outcomes", REQUEST_OUTCOMES, outcome, period,
                         label_prefix="insights.outcome.", unit="items",
                         published=outcomes_shown)
    outcomes = _with_reading(outcomes, share_of(outcomes, "accepted",
                                                "insights.reading.request_outcomes"))
    answered = [MentorRequest.created_at >= start, MentorRequest.created_at < end,
                MentorRequest.closed_at.is_not(None), survivor,
                MentorRequest.status.in_((RequestStatus.ACCEPTED, RequestStatus.DECLINED))]
    in_match = scope.people(MentorMatch.survivor_id)
    first = [MentorMatch.started_at >= start, MentorMatch.started_at < end,
             MentorMatch.first_session_at.is_not(None), in_match]
    active = session.execute(select(func.count()).select_from(MentorMatch).where(
        MentorMatch.status == MatchStatus.ACTIVE, in_match)).scalar_one()
    ender = case((MentorMatch.ended_by_id.is_(None), "former"),
                 (MentorMatch.ended_by_id == MentorMatch.survivor_id, "survivor"),
                 (MentorMatch.ended_by_id == MentorMatch.mentor_id, "mentor"), else_="staff")
    was_ended = [MentorMatch.status == MatchStatus.ENDED, in_match]
    ended = weekly_counts(session, period, MentorMatch.ended_at, was_ended, label=ender)
    why = weekly_counts(session, period, MentorMatch.ended_at, was_ended,
                        label=func.coalesce(MentorMatch.ended_reason, EndReason.UNSAID.value))
    fit = weekly_counts(session, period, FitCheck.answered_at,
                        [scope.people(FitCheck.user_id)], label=FitCheck.answer)
    # The same ended mentorships: why, and who ended them.
    why_shown, ended_shown = same_people(period, None, (ENDED_WHY, why), (ENDED_BY, ended))
    return (
        series("requests", requests, period, Reading("insights.reading.requests"),
               unit="items", published=requests_shown),
        outcomes,
        _duration("time_to_answer", session, MentorRequest.created_at,
                  MentorRequest.closed_at, answered),
        _duration("time_to_first_session", session, MentorMatch.started_at,
                  MentorMatch.first_session_at, first),
        Figure(key="active_matches", chart="number",
               rows=(FigureRow("insights.stat.now", "key", single(active)),), total=None,
               reading=Reading("insights.reading.active_matches")),
        breakdown("matches_ended", ENDED_WHY, why, period, label_prefix="insights.ended_why.",
                  published=why_shown),
        breakdown("matches_ended_by", ENDED_BY, ended, period,
                  label_prefix="insights.ended_by.", published=ended_shown),
        breakdown("fit_checks", FIT_ANSWERS, fit, period, label_prefix="insights.fit."),
        *_mentor_load(session, scope),
    )


def _with_reading(figure: Figure, reading: Reading) -> Figure:
    """The figure with its own reading (a withheld figure keeps saying why it is)."""
    return Figure(key=figure.key, chart=figure.chart, rows=figure.rows, total=figure.total,
                  reading=figure.reading if figure.withheld else reading, unit=figure.unit,
                  withheld=figure.withheld)


def _mentor_load(session: Session, scope: Scope) -> tuple[Figure, ...]:
    active = (select(MentorMatch.mentor_id.label("mentor_id"), func.count().label("taken"))
              .where(MentorMatch.status == MatchStatus.ACTIVE)
              .group_by(MentorMatch.mentor_id).subquery())
    taken = func.coalesce(active.c.taken, 0)
    level = case((MentorApplication.paused.is_(True), "paused"), (taken == 0, "none"),
                 (taken >= MentorApplication.capacity, "full"), else_="some_room")
    mentors = scope.people(MentorApplication.user_id)
    rows = dict(session.execute(
        select(level.label("ins_label"), func.count()).select_from(MentorApplication)
        .outerjoin(active, active.c.mentor_id == MentorApplication.user_id)
        .where(MentorApplication.status == ApplicationStatus.APPROVED, mentors)
        .group_by(*grouped("ins_label"))).all())
    load = snapshot("mentor_load", LOAD_LEVELS, [rows.get(lv, 0) for lv in LOAD_LEVELS],
                    label_prefix="insights.load.")
    waiting = [MentorApplication.status == ApplicationStatus.SUBMITTED, mentors,
               MentorApplication.submitted_at.is_not(None)]
    queue_age = _duration("vetting_queue_age", session, MentorApplication.submitted_at,
                          func.current_timestamp(), waiting)
    queued = session.execute(select(func.count()).select_from(MentorApplication)
                             .where(*waiting)).scalar_one()
    queue = Figure(key="vetting_queue", chart="number",
                   rows=(FigureRow("insights.stat.now", "key", single(queued)),),
                   total=None, reading=Reading("insights.reading.vetting_queue"))
    return load, queue, queue_age


# --- groups and safety -------------------------------------------------------------

def groups(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    start, end = period.chosen.start_at, period.chosen.end_at
    active, posts, held = (_post_weeks(session, period) if not scope.organisation
                           else _post_scans(session, period, scope))
    # The same posts: by kind, and by whether they were held first.
    kinds_shown, held_shown = same_people(period, None, (POST_KINDS, posts),
                                          (HELD_OR_NOT, held))
    held_figure = breakdown("posts_held", HELD_OR_NOT, held, period,
                            label_prefix="insights.held.", unit="items", published=held_shown)
    held_figure = _with_reading(held_figure, share_of(held_figure, "held",
                                                      "insights.reading.posts_held"))
    item_author = scope.people(ReviewQueueItem.author_id)
    reviewed = [ReviewQueueItem.created_at >= start, ReviewQueueItem.created_at < end,
                ReviewQueueItem.resolved_at.is_not(None), item_author]
    flags = weekly_counts(session, period, PostFlag.created_at,
                          [scope.people(PostFlag.flagger_id)], label=PostFlag.reason)
    urgent, hits = _review_items(session, period, item_author)
    return (
        series("active_members", active, period, Reading("insights.reading.active_members")),
        breakdown("posts_and_replies", POST_KINDS, posts, period,
                  label_prefix="insights.post_kind.", unit="items", published=kinds_shown),
        held_figure,
        _duration("time_to_review", session, ReviewQueueItem.created_at,
                  ReviewQueueItem.resolved_at, reviewed),
        series("urgent_items", urgent, period, Reading("insights.reading.urgent_items"),
               unit="items"),
        _duration("urgent_time_to_review", session, ReviewQueueItem.created_at,
                  ReviewQueueItem.resolved_at, [*reviewed, ReviewQueueItem.urgent.is_(True)]),
        breakdown("flags", FLAG_REASONS, flags, period, label_prefix="insights.flag.",
                  unit="items"),
        breakdown("watched_words", WATCH_CATEGORIES, hits, period,
                  label_prefix="insights.watch.", unit="items"),
    )


def _post_weeks(session: Session, period: Period) -> tuple[dict, dict, dict]:
    """Members who posted, posts and replies, and posts held, by week, from the weekly
    rollup the database keeps (``portal.models.insights``): 52 rows, not a year of
    posts."""
    longest = period.longest
    active: dict[tuple[str, int], int] = {}
    posts: dict[tuple[str, int], int] = {}
    held: dict[tuple[str, int], int] = {}
    for row in session.execute(select(InsightsPostWeek).where(
            InsightsPostWeek.week_start >= longest.start,
            InsightsPostWeek.week_start < longest.end)).scalars():
        number = (row.week_start - longest.start).days // 7
        active[("", number)] = row.active_members
        posts[("posts", number)] = row.posts_held + row.posts_not_held
        posts[("replies", number)] = row.replies_held + row.replies_not_held
        held[("held", number)] = row.posts_held + row.replies_held
        held[("not_held", number)] = row.posts_not_held + row.replies_not_held
    return active, posts, held


def _post_scans(session: Session, period: Period, scope: Scope) -> tuple[dict, dict, dict]:
    """The same figures counted from the posts themselves, for one organisation's
    members (the rollups are for everyone)."""
    author = scope.people(GroupPost.author_id)
    live = GroupPost.status != PostStatus.DELETED
    # One pass over the posts for all three figures: the members who posted, and each
    # live post by kind and by whether it was held first (the columns are NOT NULL).
    opening, was_held = GroupPost.is_opening.is_(True), GroupPost.held_reasons != ""
    kinds = {"posts held": and_(opening, was_held), "posts not_held": and_(opening, ~was_held),
             "replies held": and_(~opening, was_held),
             "replies not_held": and_(~opening, ~was_held)}
    active, *by_kind = weekly_columns(
        session, period, GroupPost.created_at, [author],
        [func.count(func.distinct(GroupPost.author_id)),
         *(count_when(and_(live, kind)) for kind in kinds.values())], scans=True)
    posts: dict[tuple[str, int], int] = {}
    held: dict[tuple[str, int], int] = {}
    for label, counts in zip(kinds, by_kind, strict=True):
        kind, holding = label.split(" ")
        for (_, week), count in counts.items():
            posts[(kind, week)] = posts.get((kind, week), 0) + count
            held[(holding, week)] = held.get((holding, week), 0) + count
    return active, posts, held


def _review_items(session: Session, period: Period, where
                  ) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Urgent review items, and items by watched-word category (an item may name
    several), in one pass over the review items, counted week by week."""
    urgent, *per_category = weekly_columns(
        session, period, ReviewQueueItem.created_at, [where],
        [count_when(ReviewQueueItem.urgent.is_(True)),
         *(count_when(ReviewQueueItem.reasons.like(f"%{category}%"))
           for category in WATCH_CATEGORIES)], scans=True)
    hits: dict[tuple[str, int], int] = {}
    for category, counts in zip(WATCH_CATEGORIES, per_category, strict=True):
        hits.update({(category, week): n for (_, week), n in counts.items()})
    return urgent, hits


# --- calendar ----------------------------------------------------------------------

def calendar(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    survivor = scope.people(SessionBooking.survivor_id)
    now = func.current_timestamp()
    outcome = case((SessionBooking.rescheduled_from_id.is_not(None), "rescheduled"),
                   (SessionBooking.status == "cancelled", "cancelled"),
                   (SessionBooking.end_at < now, "held"), else_="upcoming")
    booked = weekly_counts(session, period, SessionBooking.start_at, [survivor])
    outcomes = weekly_counts(session, period, SessionBooking.start_at, [survivor],
                             label=outcome)
    # The same sessions: each week, and how they went.
    booked_shown, outcomes_shown = same_people(period, booked, (SESSION_OUTCOMES, outcomes))
    meetings = _meeting_seats(session, period, scope)
    promoted = weekly_counts(session, period, Notification.created_at,
                             [Notification.message_key == "notify.meeting_promoted",
                              scope.people(Notification.user_id)])
    return (
        series("sessions_booked", booked, period, Reading("insights.reading.sessions_booked"),
               unit="items", published=booked_shown),
        breakdown("session_outcomes", SESSION_OUTCOMES, outcomes, period,
                  label_prefix="insights.session.", unit="items", published=outcomes_shown),
        meetings,
        series("waitlist_promotions", promoted, period,
               Reading("insights.reading.waitlist_promotions")),
    )


def _meeting_seats(session: Session, period: Period, scope: Scope) -> Figure:
    """Confirmed places against seats offered, over meetings in the range."""
    live = GroupMeeting.status == "scheduled"
    seats = weekly_counts(session, period, GroupMeeting.starts_at, [live],
                          summed=GroupMeeting.seats)
    taken = weekly_counts(session, period, GroupMeeting.starts_at,
                          [live, MeetingRsvp.status == "confirmed",
                           scope.people(MeetingRsvp.user_id)],
                          joins=((GroupMeeting, GroupMeeting.id == MeetingRsvp.meeting_id),),
                          base=MeetingRsvp)
    counts = {("places_taken", week): n for (_, week), n in taken.items()}
    counts.update({("seats_offered", week): n for (_, week), n in seats.items()})
    figure = breakdown("meeting_attendance", ("places_taken", "seats_offered"), counts,
                       period, label_prefix="insights.stat.", unit="items")
    places = [row.cell for row in figure.rows]
    return _with_reading(figure, share_reading("insights.reading.meeting_attendance",
                                               *places))


# --- volunteering ------------------------------------------------------------------

def volunteering(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    live_shift = VolunteerShift.status != "cancelled"
    seats = weekly_counts(session, period, VolunteerShift.starts_at, [live_shift],
                          summed=VolunteerShift.seats, scans=True)
    filled = weekly_counts(session, period, VolunteerShift.starts_at,
                           [live_shift, ShiftSignup.status == "confirmed",
                            scope.people(ShiftSignup.user_id)],
                           joins=((VolunteerShift, VolunteerShift.id == ShiftSignup.shift_id),),
                           base=ShiftSignup, scans=True)
    counts = {("places_taken", week): n for (_, week), n in filled.items()}
    counts.update({("seats_offered", week): n for (_, week), n in seats.items()})
    filling = breakdown("shifts_filled", ("places_taken", "seats_offered"), counts, period,
                        label_prefix="insights.stat.", unit="items")
    places = [row.cell for row in filling.rows]
    filling = _with_reading(filling, share_reading("insights.reading.shifts_filled", *places))
    approved = scope.people(VolunteerAttendance.user_id)
    # Hours and the people whose hours they are, for every range in one statement.
    minutes, approvers = per_range(
        session, period, VolunteerAttendance.approved_at,
        (lambda inside: func.coalesce(func.sum(case((inside, VolunteerAttendance.minutes))), 0),
         _people_inside), [approved])
    hours_values = [total // 60 for total in minutes]
    hours = nested_number("hours_approved", "insights.stat.hours", hours_values, period,
                          unit="hours")
    if approvers[period.rank] < THRESHOLD:  # a few people's hours would be theirs alone
        hours = Figure(key=hours.key, chart=hours.chart, rows=(FigureRow(
            "insights.stat.hours", "key", single(min(approvers[period.rank], 1))),),
            total=None, reading=hours.reading, unit="hours")
    [leaders] = per_range(
        session, period, VolunteerShift.starts_at, (_people_inside,),
        [VolunteerOpportunity.leadership.is_(True), VolunteerAttendance.attended.is_(True),
         scope.people(VolunteerAttendance.user_id)],
        joins=((VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id),
               (VolunteerOpportunity, VolunteerOpportunity.id == VolunteerShift.opportunity_id)),
        base=VolunteerAttendance)
    return (
        filling,
        _attendance(session, period, scope),
        hours,
        nested_number("leaders", "insights.stat.people", leaders, period),
    )


def _people_inside(inside):
    """Distinct volunteers among the rows inside one range (see ``per_range``)."""
    return func.count(func.distinct(case((inside, VolunteerAttendance.user_id))))


def _attendance(session: Session, period: Period, scope: Scope) -> Figure:
    counts = weekly_counts(
        session, period, VolunteerShift.starts_at, [scope.people(VolunteerAttendance.user_id)],
        label=case((VolunteerAttendance.attended.is_(True), "attended"), else_="missed"),
        joins=((VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id),),
        base=VolunteerAttendance, scans=True)
    figure = breakdown("attendance", ("attended", "missed"), counts, period,
                       label_prefix="insights.attendance.")
    return _with_reading(figure, share_of(figure, "attended", "insights.reading.attendance"))


# --- directory ---------------------------------------------------------------------

def directory(session: Session, period: Period, today: date) -> tuple[Figure, ...]:
    published = ResourceListing.status == "published"
    by_category = dict(session.execute(select(ResourceListing.category, func.count())
                                       .where(published)
                                       .group_by(ResourceListing.category)).all())
    listings = snapshot("listings", CATEGORIES, [by_category.get(c, 0) for c in CATEGORIES],
                        label_prefix="resources.category.", unit="items")
    fresh_since = today - timedelta(days=VERIFIED_DAYS)
    verified = case((and_(ResourceListing.last_verified.is_not(None),
                          ResourceListing.last_verified >= fresh_since), "recent"),
                    else_="older")
    fresh = dict(session.execute(select(verified.label("ins_label"), func.count())
                                 .where(published).group_by(*grouped("ins_label"))).all())
    freshness = snapshot("verified", ("recent", "older"),
                         [fresh.get("recent", 0), fresh.get("older", 0)],
                         label_prefix="insights.verified.", unit="items")
    freshness = _with_reading(freshness, share_of(freshness, "recent",
                                                  "insights.reading.verified"))
    misses = _misses(session, period)
    waiting = dict(session.execute(select(ResourceReview.kind, func.count())
                                   .where(ResourceReview.resolved_at.is_(None))
                                   .group_by(ResourceReview.kind)).all())
    reviews = snapshot("directory_waiting", ("suggestion", "report"),
                       [waiting.get("suggestion", 0), waiting.get("report", 0)],
                       label_prefix="insights.review.", unit="items")
    return listings, freshness, *misses, reviews


def _misses(session: Session, period: Period) -> tuple[Figure, Figure]:
    """Searches with no result, by category and by region (weekly counters)."""
    longest = period.longest
    figures = []
    for key, column, prefix in (("missing_by_category", DirectorySearchMiss.category,
                                 "resources.category."),
                                ("missing_by_region", DirectorySearchMiss.region,
                                 "resources.region.")):
        counts: dict[tuple[str, int], int] = {}
        for label, week_start, searches in session.execute(
                select(column, DirectorySearchMiss.week_start,
                       func.sum(DirectorySearchMiss.searches))
                .where(DirectorySearchMiss.week_start >= longest.start,
                       DirectorySearchMiss.week_start < longest.end)
                .group_by(column, DirectorySearchMiss.week_start)):
            week = (week_start - longest.start).days // 7
            name = f"{prefix}{label}" if label else "insights.any"
            counts[(name, week)] = counts.get((name, week), 0) + int(searches)
        labels = sorted({label for label, _ in counts})
        figures.append(breakdown(key, labels, counts, period, unit="items"))
    return figures[0], figures[1]


# --- members -----------------------------------------------------------------------

def members(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    in_scope = scope.people(User.id)
    signups = weekly_counts(session, period, User.created_at,
                            [in_scope, User.status != "deleted"])
    invite_scope = (Invite.organisation == scope.organisation if scope.organisation
                    else Invite.id.is_not(None))
    issued = weekly_counts(session, period, Invite.created_at, [invite_scope],
                           label=Invite.organisation)
    used = weekly_counts(session, period, Invite.created_at, [invite_scope],
                         label=Invite.organisation, summed=Invite.uses)
    organisations = sorted({label for label, _ in issued})
    cohorts = []
    for days in RETURN_DAYS:
        came_back = case((and_(User.last_seen_at.is_not(None),
                               hours_between(session, User.created_at, User.last_seen_at)
                               >= days * 24), "returned"), else_="not_returned")
        cohort = shifted(period, -(-days // 7))
        counts = weekly_counts(session, cohort, User.created_at,
                               [in_scope, User.status != "deleted"], label=came_back)
        cohorts.append((days, cohort, counts))
    # The same members: sign-ups each week, and whether those of a few weeks back returned.
    signups_shown, *returning_shown = same_people(
        period, signups, *((RETURNED, counts, cohort) for _, cohort, counts in cohorts))
    returning = []
    for (days, cohort, counts), published in zip(cohorts, returning_shown, strict=True):
        figure = breakdown(f"returning_{days}", RETURNED, counts, cohort,
                           label_prefix="insights.returning.", published=published)
        returning.append(_with_reading(figure, share_of(
            figure, "returned", f"insights.reading.returning_{days}")))
    return (
        series("signups", signups, period, Reading("insights.reading.signups"),
               published=signups_shown),
        breakdown("invites_issued", organisations, issued, period, label_kind="text",
                  unit="items"),
        breakdown("invites_used", organisations, used, period, label_kind="text"),
        *returning,
    )
