"""Which test keeps each promise the interface makes to a member.

``PROMISES`` maps a catalog key to the tests (``path::name``) that prove the sentence
from the other side: the other role's screen, the review queue, or the database.
``NOT_PROMISES`` lists sentences the detector in tests/unit/test_promise_map.py flags
that promise nothing (a label, advice, a refusal), each with the reason.
"""

from __future__ import annotations

PROMISES: dict[str, tuple[str, ...]] = {
}

NOT_PROMISES: dict[str, str] = {
}
