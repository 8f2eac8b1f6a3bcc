"""Help's "write to staff" form: what a signed-in member writes lands, privately, in the
site moderators' review queue; their reply arrives in her notifications."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal.services import moderation
from portal.state.base import AppState
from portal.state.payload import form_of, text

CONTACT_FIELD_ID = "contact-staff-message"


class HelpState(AppState):
    _message_place: ClassVar[str] = "contact"

    @rx.event
    def send_staff_contact(self, form_data: dict):
        form = form_of(form_data)
        self._clear_message()
        # Sent: the box empties, so the same words are not sent twice.
        return self._perform(moderation.contact_staff, done="help.contact_sent",
                             then=lambda _item_id: rx.set_value(CONTACT_FIELD_ID, ""),
                             topic=text(form.get("topic"), 40),
                             message=text(form.get("message"), 2000))
