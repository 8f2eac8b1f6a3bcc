"""A group's settings page (issue 13 item 10): its moderators edit the name, purpose and
rules, and take a member out of the group. The service checks who may, on every call."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal.db import open_session
from portal.domain.groups import GROUP_NAME_MAX, GROUP_PURPOSE_MAX, GROUP_RULES_MAX
from portal.services import groups
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, to_id


class SettingsMemberItem(TypedDict):
    id: int
    name: str
    moderator: bool
    me: bool


class GroupSettingsState(AppState):
    settings_ready: bool = False
    settings_group_id: int = 0
    settings_name: str = ""
    settings_purpose: str = ""
    settings_rules: str = ""
    settings_members: list[SettingsMemberItem] = []
    # A removal's answer shows in the members' card, beside the step that asked for it.
    # Bumped after each save so the form's fields take the saved values.
    settings_version: int = 0
    _message_place: ClassVar[str] = "group_settings"

    def _clear(self) -> None:
        self.settings_ready = False
        self.settings_name = self.settings_purpose = self.settings_rules = ""
        self.settings_members = []

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            shown = groups.read_group_settings(session=session, actor=viewer.actor,
                                               group_id=self.settings_group_id)
        self.settings_name, self.settings_purpose = shown.name, shown.purpose
        self.settings_rules = shown.rules
        self.settings_members = [SettingsMemberItem(id=row.member_id, name=row.display_name,
                                                    moderator=row.is_moderator, me=row.is_me)
                                 for row in shown.members]
        self.settings_version += 1
        self.settings_ready = True

    def _refresh_for(self, form: dict):
        """After a change, show the group the form named (the service checked it)."""
        def refresh(viewer: Viewer) -> None:
            self.settings_group_id = to_id(form.get("group_id"))
            self._refresh(viewer)
        return refresh

    def _removed(self, _none):
        self._show_message(self._t("group_settings.member_removed"), "ok", at="removal")
        # Her row is gone and the list is shorter: bring the answer into view.
        return rx.scroll_to("removal-result")

    def _removal_refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="removal")

    @rx.event
    def load_group_settings(self):
        self._clear_message()
        self._clear_message(at="removal")
        self._clear()
        self.settings_group_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(self._refresh, clear=self._clear)

    @rx.event
    def save_group_settings(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(groups.update_group_settings, done="group_settings.saved",
                             refresh=self._refresh_for(form),
                             group_id=to_id(form.get("group_id")),
                             name=text(form.get("name"), GROUP_NAME_MAX * 2),
                             purpose=text(form.get("purpose"), GROUP_PURPOSE_MAX * 2),
                             rules=text(form.get("rules"), GROUP_RULES_MAX * 2))

    @rx.event
    def remove_group_member(self, form_data: dict):
        """The confirmation step's form: the member's id and the reason."""
        form = form_of(form_data)
        self._clear_message(at="removal")
        return self._perform(groups.remove_member, then=self._removed,
                             refused=self._removal_refused, refresh=self._refresh_for(form),
                             group_id=to_id(form.get("group_id")),
                             member_id=to_id(form.get("member_id")),
                             reason=text(form.get("reason"), 600))
