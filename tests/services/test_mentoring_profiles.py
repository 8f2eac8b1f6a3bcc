"""Mentor applications, vetting, pausing, survivor intake and staff allowances."""

from __future__ import annotations

from sqlalchemy import select

from portal.domain.permissions import PermissionDenied, parse_roles
from portal.models import AuditEntry, User
from portal.models.mentoring import MentorApplication, MentorRequest, SurvivorIntake
from portal.services import mentoring
from portal.services.errors import NotFound, ServiceError
from tests.factories import table_rows
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.refusals import refused

FULL_APPLICATION = {"languages": ["en", "es"], "focus_areas": ["employment", "safe_housing"],
                    "meeting_modes": ["video", "phone"], "capacity": 3,
                    "bio": "I found work and a home. I can help with both."}


def applicant(session, name="Applicant Fern"):
    return make_user(session, name=name, roles=("survivor", "mentor_applicant"))


def staff(session, name="Moderator Kit"):
    return make_user(session, name=name, roles=("moderator",))


def submitted(session, name="Applicant Fern"):
    user = applicant(session, name)
    mentoring.save_application(session=session, actor=actor_of(user), submit=True,
                               **FULL_APPLICATION)
    return user


def test_applicant_saves_a_draft_then_submits_it_for_review(db_session):
    fern = applicant(db_session)
    draft = mentoring.save_application(session=db_session, actor=actor_of(fern),
                                       languages=["es"], focus_areas=[], meeting_modes=[])
    assert draft.status == "draft" and draft.languages == ("es",)
    sent = mentoring.save_application(session=db_session, actor=actor_of(fern), submit=True,
                                      **FULL_APPLICATION)
    assert sent.status == "submitted"
    assert sent.focus_areas == ("safe_housing", "employment")  # vocabulary order
    assert sent.capacity == 3
    assert mentoring.my_application(session=db_session, actor=actor_of(fern)) == sent


def test_an_incomplete_application_cannot_be_submitted(db_session):
    fern = applicant(db_session)
    with refused(ServiceError, code="mentoring.application_incomplete"):
        mentoring.save_application(session=db_session, actor=actor_of(fern), submit=True,
                                   **{**FULL_APPLICATION, "bio": "  "})
    assert db_session.execute(select(MentorApplication)).first() is None


BAD_APPLICATION_VALUES = [
    ("languages", ["en", "klingon"], "mentoring.bad_languages"),
    ("languages", "en", "mentoring.bad_languages"),
    ("focus_areas", ["trafficking"], "mentoring.bad_focus_areas"),
    ("meeting_modes", ["carrier_pigeon"], "mentoring.bad_meeting_modes"),
    ("capacity", 0, "mentoring.bad_capacity"),
    ("capacity", 99, "mentoring.bad_capacity"),
    ("capacity", "2", "mentoring.bad_capacity"),
    ("capacity", True, "mentoring.bad_capacity"),
    ("bio", "x" * 1001, "mentoring.text_too_long"),
    ("gender", "robot", "mentoring.bad_choice"),
    ("experience_type", ["labor"], "mentoring.bad_choice"),
]


def test_bad_application_values_are_refused_and_nothing_is_saved(db_session):
    fern = applicant(db_session)
    before = table_rows(db_session)
    for field, value, code in BAD_APPLICATION_VALUES:
        with refused(ServiceError, code=code):
            mentoring.save_application(session=db_session, actor=actor_of(fern),
                                       **{**FULL_APPLICATION, field: value})
    assert table_rows(db_session) == before


def test_meeting_in_person_needs_a_region_and_the_bio_is_kept_as_typed(db_session):
    fern = applicant(db_session)
    with refused(ServiceError, code="mentoring.region_needed"):
        mentoring.save_application(session=db_session, actor=actor_of(fern),
                                   **{**FULL_APPLICATION, "meeting_modes": ["in_person"]})
    saved = mentoring.save_application(
        session=db_session, actor=actor_of(fern),
        **{**FULL_APPLICATION, "meeting_modes": ["in_person"], "region": "  Houston   area ",
           "bio": "Hello <script>alert(1)</script><b>friend</b>\u202e"})
    assert saved.region == "Houston area"
    assert saved.bio == "Hello <script>alert(1)</script><b>friend</b>"


def test_members_who_were_not_invited_as_mentors_cannot_apply(db_session):
    willow = make_user(db_session, name="Survivor Willow")
    with refused(PermissionDenied):
        mentoring.save_application(session=db_session, actor=actor_of(willow),
                                   **FULL_APPLICATION)


def test_staff_see_submitted_applications_and_the_read_is_audited(db_session):
    submitted(db_session)
    applicant(db_session, "Applicant Drafty")
    kit = staff(db_session)
    queue = mentoring.vetting_queue(session=db_session, actor=actor_of(kit))
    assert [item.name for item in queue] == ["Applicant Fern"]
    assert queue[0].bio.startswith("I found work")
    actions = db_session.execute(select(AuditEntry.action)).scalars().all()
    assert "mentoring.vetting.read" in actions


def test_members_cannot_see_the_vetting_queue(db_session):
    submitted(db_session)
    for roles in (("survivor",), ("mentor",), ("partner",), ("coordinator",)):
        member = make_user(db_session, roles=roles)
        with refused(PermissionDenied):
            mentoring.vetting_queue(session=db_session, actor=actor_of(member))


def test_approval_grants_the_mentor_role_and_is_audited(db_session):
    fern = submitted(db_session)
    kit = staff(db_session)
    status = mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                          mentor_id=fern.id, decision="approve",
                                          note="Welcome!")
    assert status == "approved"
    db_session.refresh(fern)
    assert parse_roles(fern.roles) == {"survivor", "mentor"}
    entry = db_session.execute(select(AuditEntry).where(
        AuditEntry.action == "mentoring.application.approve")).scalar_one()
    assert entry.actor_id == kit.id and entry.target_id == fern.id


def test_asking_for_changes_needs_a_note_that_the_applicant_then_sees(db_session):
    fern = submitted(db_session)
    kit = staff(db_session)
    with refused(ServiceError, code="mentoring.note_needed"):
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id=fern.id, decision="changes", note=" ")
    mentoring.decide_application(session=db_session, actor=actor_of(kit), mentor_id=fern.id,
                                 decision="changes", note="Please say more about phone calls.")
    mine = mentoring.my_application(session=db_session, actor=actor_of(fern))
    assert mine.status == "changes_requested"
    assert mine.staff_note == "Please say more about phone calls."
    again = mentoring.save_application(session=db_session, actor=actor_of(fern), submit=True,
                                       **FULL_APPLICATION)
    assert again.status == "submitted"


def test_a_declined_application_is_closed_and_grants_nothing(db_session):
    fern = submitted(db_session)
    kit = staff(db_session)
    mentoring.decide_application(session=db_session, actor=actor_of(kit), mentor_id=fern.id,
                                 decision="decline")
    db_session.refresh(fern)
    assert "mentor" not in parse_roles(fern.roles)
    with refused(ServiceError, code="mentoring.application_closed"):
        mentoring.save_application(session=db_session, actor=actor_of(fern),
                                   **FULL_APPLICATION)


def test_decisions_need_a_submitted_application_a_known_decision_and_staff(db_session):
    fern = applicant(db_session)
    kit = staff(db_session)
    with refused(NotFound):
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id=fern.id, decision="approve")
    submitted(db_session, "Applicant Moss")
    moss = db_session.execute(select(User).where(User.display_name == "Applicant Moss")
                              ).scalar_one()
    with refused(ServiceError, code="mentoring.bad_decision"):
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id=moss.id, decision="promote")
    with refused(PermissionDenied):
        mentoring.decide_application(session=db_session, actor=actor_of(fern),
                                     mentor_id=moss.id, decision="approve")
    with refused(NotFound):
        mentoring.decide_application(session=db_session, actor=actor_of(kit),
                                     mentor_id="1; drop", decision="approve")


def test_pausing_declines_open_requests_kindly_and_resuming_reopens(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    mentoring.send_request(session=db_session, actor=actor_of(willow), mentor_id=sol.id)
    paused = mentoring.set_paused(session=db_session, actor=actor_of(sol), paused=True)
    assert paused.paused is True
    request = db_session.execute(select(MentorRequest)).scalar_one()
    assert (request.status, request.closed_reason) == ("declined", "mentor_paused")
    assert mentoring.suggest_mentors(session=db_session, actor=actor_of(willow)) == []
    with refused(ServiceError, code="mentoring.mentor_paused"):
        mentoring.send_request(session=db_session, actor=actor_of(willow), mentor_id=sol.id)
    mentoring.set_paused(session=db_session, actor=actor_of(sol), paused=False)
    assert [s.mentor.name for s in mentoring.suggest_mentors(
        session=db_session, actor=actor_of(willow))] == ["Mentor Sol"]


def test_only_approved_mentors_can_pause(db_session):
    fern = submitted(db_session)
    with refused(PermissionDenied):
        mentoring.set_paused(session=db_session, actor=actor_of(fern), paused=True)


def test_intake_is_optional_skippable_and_editable(db_session):
    willow = make_user(db_session, name="Survivor Willow")
    me = actor_of(willow)
    assert mentoring.my_intake(session=db_session, actor=me).answered is False
    assert mentoring.skip_intake(session=db_session, actor=me).skipped is True
    saved = mentoring.save_intake(
        session=db_session, actor=me, goals=["employment", "education_ged"], languages=["es"],
        preferred_gender="woman", wants_shared_experience=True, experience_type="labor",
        meeting_modes=["video"], region="Austin", topics_to_avoid=["parenting"])
    assert saved.answered and not saved.skipped
    assert saved.goals == ("employment", "education_ged")
    edited = mentoring.save_intake(session=db_session, actor=me, goals=["safe_housing"])
    assert edited.goals == ("safe_housing",) and edited.languages == ()
    assert db_session.execute(select(SurvivorIntake)).scalars().all()[0].goals == "safe_housing"


BAD_INTAKE_ANSWERS = [
    ("goals", ["world_domination"]), ("languages", [1, 2]), ("preferred_gender", "any"),
    ("preferred_gender", "prefer_not_to_say"), ("meeting_modes", {"video": True}),
    ("experience_type", "other"), ("region", 12), ("topics_to_avoid", "parenting"),
]


def test_bad_intake_answers_are_refused_and_nothing_is_saved(db_session):
    willow = make_user(db_session, name="Survivor Willow")
    before = table_rows(db_session)
    for field, value in BAD_INTAKE_ANSWERS:
        with refused(ServiceError):
            mentoring.save_intake(session=db_session, actor=actor_of(willow), **{field: value})
    assert table_rows(db_session) == before


def test_staff_may_allow_a_survivor_more_than_one_mentor(db_session):
    willow = make_survivor(db_session, name="Survivor Willow")
    kit = staff(db_session)
    assert mentoring.set_mentor_allowance(session=db_session, actor=actor_of(kit),
                                          display_name="survivor willow", allowance=2) == 2
    assert mentoring.my_intake(session=db_session, actor=actor_of(willow)).mentor_allowance == 2
    with refused(ServiceError, code="mentoring.bad_allowance"):
        mentoring.set_mentor_allowance(session=db_session, actor=actor_of(kit),
                                       display_name="Survivor Willow", allowance=9)
    with refused(NotFound):
        mentoring.set_mentor_allowance(session=db_session, actor=actor_of(kit),
                                       display_name="Nobody Here", allowance=2)
    with refused(PermissionDenied):
        mentoring.set_mentor_allowance(session=db_session, actor=actor_of(willow),
                                       display_name="Survivor Willow", allowance=3)
    assert db_session.execute(select(AuditEntry).where(
        AuditEntry.action == "mentoring.allowance.set")).scalar_one().target_id == willow.id
