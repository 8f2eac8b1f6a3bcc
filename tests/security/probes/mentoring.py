"""Probes for the mentoring handlers.

Ids point at OTHER members' requests, matches and messages, so a caller with the
right role is still refused (``extra_refused``): object-level checks are proven too.
"""

from __future__ import annotations

from datetime import timedelta

from portal.models.groups import ReviewQueueItem
from portal.models.mentoring import (
    AssignmentPair,
    AssignmentProposal,
    MentorApplication,
    MentorMatch,
    MentorMessage,
    MentorRequest,
    MessageReport,
)
from portal.models.types import utcnow
from portal.state.mentoring import IntakeState, MentoringState
from portal.state.mentoring_desk import ApplicationState, MentorDeskState
from portal.state.mentoring_staff import MentoringStaffState
from portal.state.mentoring_thread import ThreadState
from portal.state.moderation import ReviewQueueState
from tests.factories.accounts import make_user
from tests.security.inventory import MEMBER_STAFF
from tests.security.probes import Probe, World

SEEKERS = frozenset({"survivor"})
MATCHED = frozenset({"survivor", "mentor"})
MENTORS = frozenset({"mentor"})
APPLICANTS = frozenset({"mentor_applicant", "mentor"})


def _application(session, user, **fields) -> None:
    fields = {"status": "approved", **fields}
    session.add(MentorApplication(user_id=user.id, languages="en", focus_areas="employment",
                                  meeting_modes="video", capacity=3, bio="Hello", **fields))


def seed(session, world: World) -> None:
    now = utcnow()
    mentor = make_user(session, name="Probe mentor", roles=("survivor", "mentor"))
    survivor = make_user(session, name="Probe survivor", roles=("survivor",))
    applicant = make_user(session, name="Probe applicant",
                          roles=("survivor", "mentor_applicant"))
    _application(session, mentor)
    _application(session, world.members["mentor"])
    _application(session, applicant, status="submitted", submitted_at=now)
    request = MentorRequest(survivor_id=survivor.id, mentor_id=mentor.id, note="Hi",
                            question="When?", created_at=now,
                            expires_at=now + timedelta(days=7))
    match = MentorMatch(survivor_id=survivor.id, mentor_id=mentor.id, survivor_seat=0,
                        mentor_seat=0, started_at=now, first_session_at=now)
    ended = MentorMatch(survivor_id=world.target.id, mentor_id=mentor.id, status="ended",
                        active_pair=None, started_at=now, ended_at=now)
    proposal = AssignmentProposal(created_by_id=world.members["admin"].id, created_at=now)
    session.add_all([request, match, ended, proposal])
    session.flush()
    message = MentorMessage(match_id=match.id, sender_id=mentor.id, body="Private words")
    pair = AssignmentPair(proposal_id=proposal.id, survivor_id=world.target.id,
                          mentor_id=mentor.id, score=0.5)
    session.add_all([message, pair])
    session.flush()
    # The survivor reported the mentor's message: an item only site moderators act on.
    report = MessageReport(message_id=message.id, match_id=match.id, reporter_id=survivor.id,
                           reported_member_id=mentor.id, excerpt=message.body, reason="unsafe")
    session.add(report)
    session.flush()
    report_item = ReviewQueueItem(kind="message", message_report_id=report.id,
                                  author_id=mentor.id, reasons="message_report", urgent=True,
                                  created_at=now)
    session.add(report_item)
    session.commit()
    world.extra.update(probe_mentor=mentor.id, probe_applicant=applicant.id,
                       others_request=request.id, others_match=match.id,
                       others_ended_match=ended.id, others_message=message.id,
                       proposal=proposal.id, proposal_pair=pair.id,
                       report_item=report_item.id)


PROBES: dict[str, Probe] = {
    "MentoringState.load_mentoring": Probe(MentoringState, "load_mentoring"),
    "MentoringState.skip_intake": Probe(MentoringState, "skip_intake", changes_for=SEEKERS),
    "MentoringState.withdraw_request": Probe(
        MentoringState, "withdraw_request", lambda w: (w.extra["others_request"],),
        private_vars=("sent_requests",), extra_refused=SEEKERS),
    "MentoringState.answer_question": Probe(
        MentoringState, "answer_question",
        lambda w: ({"request_id": str(w.extra["others_request"]), "answer": "Soon"},),
        private_vars=("sent_requests",), extra_refused=SEEKERS),
    "MentoringState.mark_mentor": Probe(MentoringState, "mark_mentor",
                                        lambda w: (w.extra["probe_mentor"], "saved"),
                                        changes_for=SEEKERS),
    "MentoringState.load_find": Probe(MentoringState, "load_find",
                                      private_vars=("found_mentors",)),
    "MentoringState.filter_mentors": Probe(MentoringState, "filter_mentors",
                                           lambda w: ({"language": "en"},),
                                           private_vars=("found_mentors",)),
    # An applicant not yet approved: no survivor may read her profile.
    "MentoringState.load_mentor_profile": Probe(
        MentoringState, "load_mentor_profile", private_vars=("mentor",),
        url=lambda w: ("/mentoring/mentor", {"id": str(w.extra["probe_applicant"])}),
        extra_refused=SEEKERS),
    "MentoringState.send_request": Probe(
        MentoringState, "send_request",
        lambda w: ({"mentor_id": str(w.extra["probe_mentor"]), "note": "Hello"},),
        changes_for=SEEKERS),
    "IntakeState.load_intake": Probe(IntakeState, "load_intake", private_vars=("goals",)),
    "IntakeState.save_intake": Probe(IntakeState, "save_intake",
                                     lambda w: ({"goal__employment": "on",
                                                 "language__es": "on"},),
                                     changes_for=SEEKERS),
    "ThreadState.load_thread": Probe(
        ThreadState, "load_thread", private_vars=("messages", "partner"),
        url=lambda w: ("/mentoring/messages", {"match": str(w.extra["others_match"])}),
        extra_refused=MATCHED),
    "ThreadState.show_older_messages": Probe(
        ThreadState, "show_older_messages", lambda w: (w.extra["others_match"], 10**9),
        private_vars=("messages", "partner"), extra_refused=MATCHED),
    "ThreadState.return_to_my_words": Probe(ThreadState, "return_to_my_words"),
    "ThreadState.send_message": Probe(
        ThreadState, "send_message",
        lambda w: ({"match_id": str(w.extra["others_match"]), "body": "Let me in"},),
        private_vars=("messages", "partner"), extra_refused=MATCHED),
    "ThreadState.report_message": Probe(
        ThreadState, "report_message",
        lambda w: ({"match_id": str(w.extra["others_match"]),
                    "message_id": str(w.extra["others_message"]), "reason": "unsafe"},),
        private_vars=("messages", "partner"), extra_refused=MATCHED),
    "ThreadState.end_match": Probe(
        ThreadState, "end_match",
        lambda w: ({"match_id": str(w.extra["others_match"]), "reason": "busy"},),
        private_vars=("messages", "partner"), extra_refused=MATCHED),
    "ThreadState.block_partner": Probe(ThreadState, "block_partner",
                                       lambda w: (w.extra["others_match"],),
                                       private_vars=("messages", "partner"),
                                       extra_refused=MATCHED),
    "ThreadState.mark_first_session": Probe(ThreadState, "mark_first_session",
                                            lambda w: (w.extra["others_match"],),
                                            private_vars=("messages", "partner"),
                                            extra_refused=MATCHED),
    "ThreadState.set_rematch": Probe(ThreadState, "set_rematch",
                                     lambda w: (w.extra["others_ended_match"], True),
                                     private_vars=("messages", "partner"),
                                     extra_refused=MATCHED),
    "ThreadState.record_fit_check": Probe(ThreadState, "record_fit_check",
                                          lambda w: (w.extra["others_match"], "not_good"),
                                          private_vars=("messages", "partner", "other_mentors"),
                                          extra_refused=MATCHED),
    "MentorDeskState.load_desk": Probe(MentorDeskState, "load_desk",
                                       private_vars=("incoming", "mentees")),
    "MentorDeskState.accept_request": Probe(MentorDeskState, "accept_request",
                                            lambda w: (w.extra["others_request"],),
                                            private_vars=("incoming", "mentees"),
                                            extra_refused=MENTORS),
    "MentorDeskState.decline_request": Probe(MentorDeskState, "decline_request",
                                             lambda w: (w.extra["others_request"],),
                                             private_vars=("incoming", "mentees"),
                                             extra_refused=MENTORS),
    "MentorDeskState.ask_question": Probe(
        MentorDeskState, "ask_question",
        lambda w: ({"request_id": str(w.extra["others_request"]), "question": "Why?"},),
        private_vars=("incoming", "mentees"), extra_refused=MENTORS),
    "MentorDeskState.pause_mentoring": Probe(MentorDeskState, "pause_mentoring",
                                             changes_for=MENTORS),
    "MentorDeskState.resume_mentoring": Probe(MentorDeskState, "resume_mentoring",
                                              changes_for=MENTORS),
    "ApplicationState.load_application": Probe(ApplicationState, "load_application",
                                               private_vars=("bio", "languages")),
    "ApplicationState.save_application": Probe(
        ApplicationState, "save_application",
        lambda w: ({"language__en": "on", "focus__employment": "on", "mode__video": "on",
                    "capacity": "2", "bio": "I can help."},),
        private_vars=("bio",), changes_for=APPLICANTS),
    "MentoringStaffState.load_mentoring_staff": Probe(
        MentoringStaffState, "load_mentoring_staff", private_vars=("queue", "pairs"),
        changes_for=MEMBER_STAFF),
    "MentoringStaffState.decide_application": Probe(
        MentoringStaffState, "decide_application",
        lambda w: ({"mentor_id": str(w.extra["probe_applicant"]), "decision": "approve",
                    "note": ""},),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    "MentoringStaffState.set_allowance": Probe(
        MentoringStaffState, "set_allowance",
        lambda w: ({"name": "Target member", "allowance": "2"},),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    "MentoringStaffState.propose_assignment": Probe(
        MentoringStaffState, "propose_assignment", private_vars=("queue", "pairs"),
        changes_for=MEMBER_STAFF),
    "MentoringStaffState.include_pair": Probe(
        MentoringStaffState, "include_pair", lambda w: (w.extra["proposal_pair"],),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    "MentoringStaffState.leave_out_pair": Probe(
        MentoringStaffState, "leave_out_pair", lambda w: (w.extra["proposal_pair"],),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    "MentoringStaffState.publish_proposal": Probe(
        MentoringStaffState, "publish_proposal",
        lambda w: ({"proposal_id": str(w.extra["proposal"]), "publish_as": "requests"},),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    "MentoringStaffState.discard_proposal": Probe(
        MentoringStaffState, "discard_proposal", lambda w: (w.extra["proposal"],),
        private_vars=("queue", "pairs"), changes_for=MEMBER_STAFF),
    # A reported private message belongs to the review queue of site moderators only.
    "ReviewQueueState.end_item_match": Probe(
        ReviewQueueState, "end_item_match", lambda w: (w.extra["report_item"],),
        private_vars=("queue",), changes_for=MEMBER_STAFF),
}
