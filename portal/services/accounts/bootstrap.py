"""Creating accounts outside the invite flow: the first administrator, demo members."""

from __future__ import annotations

from sqlmodel import Session, select

from portal.auth import passwords
from portal.domain.names import (
    NameRefused,
    display_name_key,
    name_skeleton,
    validate_display_name,
)
from portal.domain.passphrases import PassphraseRefused, check_passphrase
from portal.domain.permissions import Role, format_roles, parse_roles
from portal.models import User
from portal.services import audit
from portal.services.accounts.members import may_use_reserved_words, name_in_use
from portal.services.errors import ServiceError


def create_member(*, session: Session, display_name: str, passphrase: str,
                  roles: tuple[str, ...], timezone: str = "America/New_York",
                  language: str = "en", email: str | None = None,
                  organisation: str | None = None) -> User:
    """Create an account directly (command line and demo data only; never from a browser)."""
    try:
        name = validate_display_name(display_name,
                                     allow_reserved=may_use_reserved_words(roles))
        check_passphrase(passphrase, display_name=name)
    except (NameRefused, PassphraseRefused) as refused:
        raise ServiceError(refused.code) from None
    taken = name_in_use(session, name)
    if taken is not None:
        raise ServiceError(taken)
    user = User(display_name=name, display_name_key=display_name_key(name),
                display_name_skeleton=name_skeleton(name), roles=format_roles(roles),
                timezone=timezone, language=language,
                password_hash=passwords.hash_passphrase(passphrase),
                email=email.strip().lower() if email else None, organisation=organisation)
    session.add(user)
    session.flush()
    return user


def create_admin(*, session: Session, display_name: str, passphrase: str,
                 email: str | None = None) -> int:
    user = create_member(session=session, display_name=display_name, passphrase=passphrase,
                         roles=(Role.ADMIN,), email=email)
    audit.record(session, actor=None, action="admin.create_from_cli", target_type="user",
                 target_id=user.id)
    session.commit()
    return user.id


def has_administrator(*, session: Session) -> bool:
    """Whether any account holds the admin role (the first start asks for one)."""
    roles = session.exec(select(User.roles).where(User.roles.contains(Role.ADMIN.value))).all()
    return any(Role.ADMIN.value in parse_roles(text) for text in roles)
