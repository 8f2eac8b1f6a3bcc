"""Passphrase rules (THREATS #3): long, not common, not the name."""

from __future__ import annotations

import functools
from pathlib import Path

from portal.domain.refusal import Refused

MIN_LENGTH = 10
MAX_LENGTH = 256
COMMON_LIST = Path(__file__).resolve().parent.parent / "auth" / "common_passphrases.txt"


class PassphraseRefused(Refused, ValueError):
    """A passphrase we cannot accept. ``code`` is a message key."""


@functools.cache
def common_passphrases() -> frozenset[str]:
    lines = COMMON_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_passphrase(passphrase: str, *, display_name: str = "") -> None:
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseRefused("passphrase.too_short")
    if len(passphrase) > MAX_LENGTH:
        raise PassphraseRefused("passphrase.too_long")
    folded = passphrase.casefold()
    if folded in common_passphrases() or len(set(folded)) <= 2:
        raise PassphraseRefused("passphrase.too_common")
    if display_name and folded == display_name.casefold():
        raise PassphraseRefused("passphrase.same_as_name")
