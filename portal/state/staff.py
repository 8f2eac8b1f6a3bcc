"""Staff tools: invites, members, the audit log. Every call is authorized in services.staff."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal.db import open_session
from portal.i18n import format_when
from portal.services import accounts
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.payload import MAX_TEXT, form_of, text, to_id

SEARCH_LIMIT = 40
REASON_LIMIT = 1000


class InviteItem(TypedDict):
    id: int
    hint: str
    role: str
    organisation: str
    uses: str
    expires: str
    revoked: bool


class MemberItem(TypedDict):
    id: int
    name: str
    roles: str
    status: str
    joined: str
    is_me: bool  # the viewer's own row: no suspend or end-sessions tools on it


class AuditItem(TypedDict):
    at: str
    actor: str
    action: str
    target: str
    detail: str


class StaffState(AppState):
    invites: list[InviteItem] = []
    members: list[MemberItem] = []
    audit_rows: list[AuditItem] = []
    new_code: str = ""
    staff_message: str = ""
    member_search: str = ""
    member_page: int = 0
    can_audit: bool = False
    can_suspend: bool = False
    can_invite_staff: bool = False
    _message_area: ClassVar[tuple[str, str]] = ("staff_message", "")

    def _clear(self) -> None:
        self.invites, self.members, self.audit_rows = [], [], []

    def _when(self, viewer: Viewer, moment) -> str:
        return format_when(moment, language=self.lang, timezone=viewer.timezone) if moment else ""

    def _refresh(self, viewer: Viewer) -> None:
        roles = set(viewer.roles)
        self.can_audit = "admin" in roles
        self.can_suspend = "admin" in roles
        self.can_invite_staff = "admin" in roles
        with open_session() as session:
            actor = viewer.actor
            self.invites = [
                InviteItem(id=row.id, hint=row.code_hint, role=row.role,
                           organisation=row.organisation, uses=f"{row.uses}/{row.max_uses}",
                           expires=self._when(viewer, row.expires_at), revoked=row.revoked)
                for row in accounts.list_invites(session=session, actor=actor)
            ]
            if "admin" in roles or "moderator" in roles:
                self.members = [
                    MemberItem(id=row.id, name=row.display_name, roles=", ".join(row.roles),
                               status=row.status, joined=self._when(viewer, row.created_at),
                               is_me=row.id == viewer.id)
                    for row in accounts.list_members(session=session, actor=actor,
                                                  search=self.member_search,
                                                  page=self.member_page)
                ]
            if self.can_audit:
                self.audit_rows = [
                    AuditItem(at=self._when(viewer, row.at), actor=str(row.actor_id or "-"),
                              action=row.action, target=f"{row.target_type} {row.target_id or ''}",
                              detail=row.detail)
                    for row in accounts.read_audit_log(session=session, actor=actor)
                ]

    @rx.event
    def load_staff(self):
        self.new_code = ""
        self.staff_message = ""
        return self._load(self._refresh, clear=self._clear)

    def _show_new_code(self, created) -> None:
        self.new_code = created.code

    @rx.event
    def create_invite(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            accounts.create_invite, role=text(form.get("role"), MAX_TEXT),
            organisation=text(form.get("organisation"), MAX_TEXT),
            max_uses=to_id(form.get("max_uses", 1)), valid_days=to_id(form.get("valid_days", 14)),
            then=self._show_new_code, done="staff.invite_created", refresh=self._refresh)

    @rx.event
    def revoke_invite(self, invite_id: int):
        return self._perform(accounts.revoke_invite, invite_id=to_id(invite_id),
                             done="staff.invite_revoked", refresh=self._refresh)

    @rx.event
    def search_members(self, form_data: dict):
        self.member_search = text(form_of(form_data).get("search"), SEARCH_LIMIT)
        self.member_page = 0
        return self._load(self._refresh)

    @rx.event
    def suspend_member(self, form_data: dict):
        """The confirmation step's form: the member's id and the reason (required)."""
        form = form_of(form_data)
        return self._perform(accounts.set_suspended, member_id=to_id(form.get("member_id")),
                             suspended=True, reason=text(form.get("reason"), REASON_LIMIT),
                             done="staff.done_suspend", refresh=self._refresh)

    @rx.event
    def unsuspend_member(self, member_id: int):
        return self._perform(accounts.set_suspended, member_id=to_id(member_id), suspended=False,
                             done="staff.done_unsuspend", refresh=self._refresh)

    @rx.event
    def end_member_sessions(self, member_id: int):
        return self._perform(accounts.end_member_sessions, member_id=to_id(member_id),
                             done="staff.done_end_sessions", refresh=self._refresh)
