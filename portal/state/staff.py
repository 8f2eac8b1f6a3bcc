"""Staff tools: invites, members, the audit log. Every call is authorized in services.staff."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.i18n import format_when
from portal.services import accounts
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.state.base import AppState


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


class AuditItem(TypedDict):
    at: str
    actor: str
    action: str
    target: str
    detail: str


def _to_int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


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

    def _fail(self, error: Exception) -> None:
        if isinstance(error, PermissionDenied):
            self.staff_message = self._t(error.code)
        elif isinstance(error, ServiceError):
            self.staff_message = self._t(error.code, **error.params)

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
                               status=row.status, joined=self._when(viewer, row.created_at))
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
        viewer = self._viewer()
        self.new_code = ""
        self.staff_message = ""
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self.invites, self.members, self.audit_rows = [], [], []
            self._fail(error)

    @rx.event
    def create_invite(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                created = accounts.create_invite(
                    session=session, actor=viewer.actor, role=str(form_data.get("role", "")),
                    organisation=str(form_data.get("organisation", "")),
                    max_uses=_to_int(form_data.get("max_uses", 1)),
                    valid_days=_to_int(form_data.get("valid_days", 14)))
            self.new_code = created.code
            self.staff_message = self._t("staff.invite_created")
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)

    @rx.event
    def revoke_invite(self, invite_id: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                accounts.revoke_invite(session=session, actor=viewer.actor,
                                    invite_id=_to_int(invite_id))
            self.staff_message = self._t("staff.invite_revoked")
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)

    @rx.event
    def search_members(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        self.member_search = str(form_data.get("search", ""))[:40]
        self.member_page = 0
        try:
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)

    def _member_action(self, member_id: int, action: str):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                if action == "end_sessions":
                    accounts.end_member_sessions(session=session, actor=viewer.actor,
                                              member_id=_to_int(member_id))
                else:
                    accounts.set_suspended(session=session, actor=viewer.actor,
                                        member_id=_to_int(member_id),
                                        suspended=action == "suspend")
            self.staff_message = self._t(f"staff.done_{action}")
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def suspend_member(self, member_id: int):
        return self._member_action(member_id, "suspend")

    @rx.event
    def unsuspend_member(self, member_id: int):
        return self._member_action(member_id, "unsuspend")

    @rx.event
    def end_member_sessions(self, member_id: int):
        return self._member_action(member_id, "end_sessions")
