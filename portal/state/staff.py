"""Staff tools: invites, members, the audit log. Every call is authorized in services.staff."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.permissions import Permission, can
from portal.i18n import format_when, has_key, translate_count
from portal.services import accounts
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import MAX_TEXT, form_of, text, ticked, to_id

SEARCH_LIMIT = 40
REASON_LIMIT = 1000
LABEL_LIMIT = 200
# What a copy button may say it copied (the browser copies; the server only says so).
COPIED = {"code": "staff.code_copied", "link": "staff.link_copied"}


class InviteItem(TypedDict):
    id: int
    hint: str
    label: str
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
    id: int
    at: str
    who: str
    action: str  # plain words, in the reader's language
    times: str  # "14 times" for folded reads, else ""
    target: str
    detail: str
    is_read: bool


class ChoiceItem(TypedDict):
    value: str
    label: str


class StaffState(AppState):
    invites: list[InviteItem] = []
    members: list[MemberItem] = []
    audit_rows: list[AuditItem] = []
    audit_people: list[ChoiceItem] = []
    audit_actions: list[ChoiceItem] = []
    audit_page: int = 0
    audit_has_more: bool = False
    new_code: str = ""
    new_label: str = ""
    new_link: str = ""  # the sign-up page with the new code filled in
    # The member search as sent (the form keeps its own words); its first page.
    _member_search: str = ""
    _member_page: int = 0
    can_audit: bool = False
    can_suspend: bool = False
    can_invite_staff: bool = False
    can_see_insights: bool = False
    _audit_filters: dict[str, str] = {}
    _message_place: ClassVar[str] = "staff"

    def _clear(self) -> None:
        self.invites, self.members, self.audit_rows = [], [], []
        self.audit_people, self.audit_actions = [], []

    def _when(self, viewer: Viewer, moment) -> str:
        return format_when(moment, language=self.lang, timezone=viewer.timezone) if moment else ""

    def _action_words(self, code: str) -> str:
        key = f"audit.action.{code}"
        return self._t(key) if has_key(key) else self._t("audit.action_other", code=code)

    def _target_words(self, line) -> str:
        if line.target_name:
            return line.target_name
        if not line.target_type or not line.target_id:
            return ""
        if line.target_type == "user":
            return self._t("notify.former_member")
        key = f"audit.target.{line.target_type}"
        kind = self._t(key) if has_key(key) else line.target_type.replace("_", " ")
        return f"{kind} {line.target_id}"

    def _audit_item(self, viewer: Viewer, line) -> AuditItem:
        at = self._when(viewer, line.at)
        if line.times > 1:
            at = f"{self._when(viewer, line.first_at)} – {at}"
        who = line.actor_name or (self._t("audit.system") if line.actor_id is None
                                  else self._t("notify.former_member"))
        return AuditItem(id=line.id, at=at, who=who, action=self._action_words(line.action),
                         times=translate_count(self.lang, "audit.times", line.times)
                         if line.times > 1 else "",
                         target=self._target_words(line), detail=line.detail,
                         is_read=line.is_read)

    def _read_audit(self, viewer: Viewer) -> None:
        filters = self._audit_filters
        with open_session() as session:
            page = accounts.read_audit_log(
                session=session, actor=viewer.actor, page=self.audit_page,
                person_id=to_id(filters.get("person", "")), action=filters.get("action", ""),
                since=filters.get("since", ""), until=filters.get("until", ""),
                include_reads=filters.get("reads") == "on")
        self.audit_rows = [self._audit_item(viewer, line) for line in page.lines]
        self.audit_has_more = page.has_more
        self.audit_people = [ChoiceItem(value=str(person_id), label=name)
                             for person_id, name in page.people]
        self.audit_actions = sorted(
            (ChoiceItem(value=code, label=self._action_words(code)) for code in page.actions),
            key=lambda item: item["label"].casefold())
        self._clear_message(at="audit")  # an empty log says so on the page itself

    def _refresh(self, viewer: Viewer) -> None:
        roles = set(viewer.roles)
        self.can_audit = "admin" in roles
        self.can_suspend = "admin" in roles
        self.can_invite_staff = "admin" in roles
        self.can_see_insights = can(viewer.actor, Permission.INSIGHTS_PROGRAMME_READ)
        with open_session() as session:
            actor = viewer.actor
            self.invites = [
                InviteItem(id=row.id, hint=row.code_hint, label=row.label, role=row.role,
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
                                                  search=self._member_search,
                                                  page=self._member_page)
                ]
        if self.can_audit:
            self._read_audit(viewer)

    @rx.event
    def load_staff(self):
        if not self._relabelling:  # a language switch keeps the new code and the filters
            self.new_code = self.new_label = self.new_link = ""
            self._audit_filters, self.audit_page = {}, 0
        for place in (None, "staff_copy", "audit"):
            self._clear_message(at=place)
        return self._load(self._refresh, clear=self._clear)

    def _show_new_code(self, created) -> None:
        self.new_code, self.new_label = created.code, created.label
        url = self.router.url
        origin = url.origin if url.netloc else ""
        self.new_link = origin + routes.with_query(routes.SIGN_UP, code=created.code)
        self._clear_message(at="staff_copy")

    @rx.event
    def create_invite(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            accounts.create_invite, role=text(form.get("role"), MAX_TEXT),
            organisation=text(form.get("organisation"), MAX_TEXT),
            label=text(form.get("label"), LABEL_LIMIT),
            max_uses=to_id(form.get("max_uses", 1)), valid_days=to_id(form.get("valid_days", 14)),
            then=self._show_new_code, done="staff.invite_created", refresh=self._refresh)

    @rx.event
    def invite_copied(self, what: str):
        """The browser copied the new code or its sign-up link: say so (nothing is read)."""
        key = COPIED.get(what if isinstance(what, str) else "")
        if key and self.new_code:
            self._show_message(self._t(key), at="staff_copy")

    @rx.event
    def revoke_invite(self, invite_id: int):
        return self._perform(accounts.revoke_invite, invite_id=to_id(invite_id),
                             done="staff.invite_revoked", refresh=self._refresh)

    def _show_audit_refusal(self, refusal: Exception) -> None:
        self.audit_rows, self.audit_has_more = [], False
        self._show_message(refusal_text(self.lang, refusal), "error", at="audit")

    @rx.event
    def filter_audit(self, form_data: dict):
        form = form_of(form_data)
        self._audit_filters = {
            "person": text(form.get("person"), 20), "action": text(form.get("action"), 64),
            "since": text(form.get("since"), 10), "until": text(form.get("until"), 10),
            "reads": "on" if ticked(form, "reads") else ""}
        self.audit_page = 0
        return self._load(self._read_audit, refused=self._show_audit_refusal)

    @rx.event
    def next_audit_page(self):
        if not self.audit_has_more:
            return None
        self.audit_page += 1
        return self._load(self._read_audit, refused=self._show_audit_refusal)

    @rx.event
    def previous_audit_page(self):
        if self.audit_page <= 0:
            return None
        self.audit_page -= 1
        return self._load(self._read_audit, refused=self._show_audit_refusal)

    @rx.event
    def search_members(self, form_data: dict):
        self._member_search = text(form_of(form_data).get("search"), SEARCH_LIMIT)
        self._member_page = 0
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
