"""An approved mentor's profile edits wait for review while the approved profile stays
live, proven from the survivor's side (browsing and the profile page) and the vetting
staff's side; the bio and region go through the watched words and detectors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.mentoring import MentorApplication
from portal.services import mentoring
from portal.services.errors import NotFound, ServiceError
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.refusals import refused

OLD_BIO = "I rebuilt my life and found steady work."
NEW_BIO = "I now also help with housing paperwork."


def _edit(db_session, mentor, *, bio=NEW_BIO, region="North Valley",
          modes=("phone", "in_person"), capacity=2):
    return mentoring.save_application(
        session=db_session, actor=actor_of(mentor), languages=["en"],
        focus_areas=["employment"], meeting_modes=list(modes), capacity=capacity, bio=bio,
        region=region)


@pytest.fixture
def world(db_session):
    sol = make_mentor(db_session, name="Mentor Sol", bio=OLD_BIO, region="South Hills",
                      modes=("video", "in_person"))
    luna = make_survivor(db_session, name="Survivor Luna")
    kit = make_user(db_session, name="Moderator Kit", roles=("moderator",))
    return sol, luna, kit


def _seen_by_survivor(db_session, luna, sol):
    browsed = [card for card in mentoring.browse_mentors(session=db_session,
                                                         actor=actor_of(luna))
               if card.id == sol.id]
    profile = mentoring.mentor_details(session=db_session, actor=actor_of(luna),
                                       mentor_id=sol.id)
    assert browsed == [profile] or browsed[0].bio == profile.bio
    return profile


def test_a_pending_edit_is_not_shown_to_survivors_until_staff_approve_it(db_session, world):
    sol, luna, kit = world
    before = _seen_by_survivor(db_session, luna, sol)
    assert (before.bio, before.region) == (OLD_BIO, "South Hills")
    saved = _edit(db_session, sol)
    assert saved.changes_status == "waiting" and saved.bio == NEW_BIO  # the mentor's view
    # The survivor still sees the approved profile: old bio, old region, old ways to meet.
    assert _seen_by_survivor(db_session, luna, sol) == before
    assert NEW_BIO not in repr(mentoring.suggest_mentors(session=db_session,
                                                         actor=actor_of(luna)))
    # The vetting staff see the edits, marked as changes to a live profile.
    [item] = mentoring.vetting_queue(session=db_session, actor=actor_of(kit))
    assert (item.user_id, item.kind, item.bio, item.region) == (sol.id, "changes", NEW_BIO,
                                                                "North Valley")
    assert mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                        mentor_id=sol.id, decision="approve") == "approved"
    seen = _seen_by_survivor(db_session, luna, sol)
    assert (seen.bio, seen.region, set(seen.meeting_modes)) == (NEW_BIO, "North Valley",
                                                                {"phone", "in_person"})
    assert mentoring.my_application(session=db_session,
                                    actor=actor_of(sol)).changes_status == ""
    assert mentoring.vetting_queue(session=db_session, actor=actor_of(kit)) == []
    assert "mentoring.profile_changes.approve" in db_session.execute(
        select(AuditEntry.action)).scalars().all()


def test_sent_back_or_declined_edits_never_reach_survivors(db_session, world):
    sol, luna, kit = world
    _edit(db_session, sol)
    with refused(ServiceError, code="mentoring.note_needed"):
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id=sol.id, decision="changes")
    mentoring.decide_application(session=db_session, actor=actor_of(kit), mentor_id=sol.id,
                                 decision="changes", note="Please keep the area broader.")
    mine = mentoring.my_application(session=db_session, actor=actor_of(sol))
    assert (mine.changes_status, mine.staff_note, mine.status) == (
        "returned", "Please keep the area broader.", "approved")
    assert _seen_by_survivor(db_session, luna, sol).bio == OLD_BIO
    assert mentoring.vetting_queue(session=db_session, actor=actor_of(kit)) == []
    _edit(db_session, sol, region="The north")
    mentoring.decide_application(session=db_session, actor=actor_of(kit), mentor_id=sol.id,
                                 decision="decline", note="Let's keep your profile as it is.")
    seen = _seen_by_survivor(db_session, luna, sol)
    assert (seen.bio, seen.region) == (OLD_BIO, "South Hills")
    mine = mentoring.my_application(session=db_session, actor=actor_of(sol))
    assert (mine.status, mine.changes_status, mine.bio) == ("approved", "", OLD_BIO)


def test_capacity_applies_at_once_and_saving_the_live_profile_waits_for_nothing(
        db_session, world):
    sol, _luna, kit = world
    saved = mentoring.save_application(
        session=db_session, actor=actor_of(sol), languages=["en"], focus_areas=["employment"],
        meeting_modes=["video", "in_person"], capacity=4, bio=OLD_BIO, region="South Hills")
    assert (saved.changes_status, saved.capacity) == ("", 4)
    assert mentoring.vetting_queue(session=db_session, actor=actor_of(kit)) == []


@pytest.mark.parametrize("bio, region, reason, author_key, urgent", [
    ("Call me any time on +1 415 555 0134.", "South Hills", "personal_details",
     "mentoring.profile_held_personal_details", False),
    ("I can get you a job abroad, easy money, we pay your ticket.", "South Hills",
     "recruitment", "mentoring.profile_held_review", True),
    (NEW_BIO, "12 High Street", "personal_details",
     "mentoring.profile_held_personal_details", False),
])
def test_detectors_hold_a_bio_or_region_and_tell_the_reviewer_why(db_session, world, bio,
                                                                  region, reason,
                                                                  author_key, urgent):
    sol, luna, kit = world
    clean = make_mentor(db_session, name="Mentor River")
    _edit(db_session, clean)  # a clean edit, waiting before the held one
    saved = _edit(db_session, sol, bio=bio, region=region)
    assert saved.changes_status == "waiting" and author_key in saved.held_keys
    queue = mentoring.vetting_queue(session=db_session, actor=actor_of(kit))
    held = next(item for item in queue if item.user_id == sol.id)
    assert reason in held.reasons and held.urgent is urgent
    if urgent:  # recruitment language goes to the top of the queue
        assert queue[0].user_id == sol.id
    seen = _seen_by_survivor(db_session, luna, sol)
    assert (seen.bio, seen.region) == (OLD_BIO, "South Hills")


def test_detectors_also_screen_a_new_application(db_session):
    fern = make_user(db_session, name="Applicant Fern", roles=("survivor", "mentor_applicant"))
    kit = make_user(db_session, name="Moderator Kit", roles=("moderator",))
    sent = mentoring.save_application(
        session=db_session, actor=actor_of(fern), submit=True, languages=["en"],
        focus_areas=["employment"], meeting_modes=["video"],
        bio="Message me on WhatsApp at 415 555 0134 for work abroad.")
    assert sent.status == "submitted" and sent.held_keys
    [item] = mentoring.vetting_queue(session=db_session, actor=actor_of(kit))
    assert item.kind == "application" and item.urgent
    assert {"personal_details", "recruitment"} <= set(item.reasons)


def test_a_hurtful_word_is_refused_kindly_and_nothing_changes(db_session, world):
    sol, _luna, _kit = world
    with refused(ServiceError, code="mentoring.profile_blocked_slur"):
        _edit(db_session, sol, bio="Nobody here is a whore.")
    db_session.rollback()
    row = db_session.execute(select(MentorApplication).where(
        MentorApplication.user_id == sol.id)).scalar_one()
    assert (row.bio, row.pending_changes, row.changes_status) == (OLD_BIO, "", "")


def test_only_vetting_staff_decide_and_never_on_their_own_changes(db_session, world):
    sol, luna, kit = world
    _edit(db_session, sol)
    with refused(PermissionDenied):
        mentoring.decide_application(session=db_session, actor=actor_of(luna),
                                     mentor_id=sol.id, decision="approve")
    with refused(PermissionDenied):
        mentoring.decide_application(session=db_session, actor=actor_of(sol),
                                     mentor_id=sol.id, decision="approve")
    other = make_mentor(db_session, name="Mentor Juniper")
    with refused(NotFound):  # approved, nothing waiting: nothing to decide
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id=other.id, decision="approve")
    assert _seen_by_survivor(db_session, luna, sol).bio == OLD_BIO
