"""Names cannot impersonate staff or another member (issue #10 item 8, Unicode TR39)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.domain.names import display_name_key, name_skeleton
from portal.models import Invite, User
from portal.services.accounts import bootstrap, staff
from portal.services.accounts import members as accounts
from portal.services.errors import ServiceError
from tests.factories.accounts import PASSPHRASE, actor_of, make_invite, make_user
from tests.refusals import refused

NEW_PASSPHRASE = "a quiet morning by the river"
GREEK_MU = "\u039c"


def sign_up(session, name, *, code=None, role="survivor"):
    return accounts.sign_up(session=session, invite_code=code or make_invite(session, role=role),
                            display_name=name, passphrase=NEW_PASSPHRASE,
                            timezone="America/New_York", language="en", client_key="10.7.0.1")


def users(session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


@pytest.mark.parametrize("name, code", [
    (f"{GREEK_MU}oderator Heron", "name.mixed_scripts"),   # Greek capital Mu, then Latin
    ("Survivor M\u0430ple", "name.mixed_scripts"),          # Cyrillic a inside Latin
    ("Lantern Team", "name.reserved"),
    ("LANTERN friend", "name.reserved"),
    ("Lántern Fox", "name.reserved"),                        # accents do not hide a word
    ("Lantem Owl", "name.reserved"),                         # "rn" reads as "m"
    ("IANTERN Owl", "name.reserved"),                        # capital i for l
    ("LanternTeam", "name.reserved"),
    ("Team-Fox", "name.reserved"),
    ("Staff_Owl", "name.reserved"),
    ("Moderator Wren", "name.reserved"),
    ("M0derator Wren", "name.reserved"),                     # digit zero for O
    ("Admin Sol", "name.reserved"),
    ("Support Circle", "name.reserved"),
    ("Official Fox", "name.reserved"),
    ("Equipo Luna", "name.reserved"),
    ("Moderadora Luz", "name.reserved"),
    ("Moderador Sol", "name.reserved"),
    ("Administrador Sol", "name.reserved"),
    ("Soporte Rio", "name.reserved"),
    ("Apoyo Rio", "name.reserved"),
    ("Personal Rio", "name.reserved"),
    ("Oficial Rio", "name.reserved"),
])
def test_look_alike_and_staff_like_names_are_refused_for_members(db_session, name, code):
    invite = make_invite(db_session)
    with refused(ServiceError, code=code):
        sign_up(db_session, name, code=invite)
    assert users(db_session) == 0
    assert db_session.execute(select(Invite.uses)).scalar_one() == 0


@pytest.mark.parametrize("name", ["Teamwork Fox", "Quiet Fox", "Sol de Mayo", "Иван",
                                  "Ιωάννα", "山田 花子", "José Río"])
def test_ordinary_names_in_one_script_are_welcome(db_session, name):
    signed_in = sign_up(db_session, name)
    viewer = accounts.resolve_session(session=db_session, token=signed_in.token)
    assert viewer.display_name == name


@pytest.mark.parametrize("existing, attempt, code", [
    ("Survivor Maple", "Survivor rnaple", "name.too_similar"),
    ("Survivor Maple", "SURVIVOR MAPLE", "auth.name_taken"),
    ("Quiet Fox", "Quiet F0x", "name.too_similar"),
    ("Copea", "\u0421\u043e\u0440\u0435\u0430", "name.too_similar"),  # all Cyrillic
    ("Moderator Heron", f"{GREEK_MU}oderator Heron", "name.mixed_scripts"),
])
def test_a_name_that_looks_like_someone_elses_is_refused(db_session, existing, attempt, code):
    make_user(db_session, name=existing, roles=("moderator",))
    with refused(ServiceError, code=code):
        sign_up(db_session, attempt)
    assert users(db_session) == 1


def test_skeletons_are_unique_in_the_database_itself(db_session):
    make_user(db_session, name="Quiet Fox")
    # Written straight to the table, past every service check: the database refuses.
    db_session.add(User(display_name="Quiet F0x",
                        display_name_key=display_name_key("Quiet F0x"), password_hash="x"))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()
    stored = db_session.execute(select(User.display_name_skeleton)).scalar_one()
    # Same case, other look-alikes: one skeleton (other case is display_name_key's job).
    assert stored == name_skeleton("Quiet Fox") == name_skeleton("Quiet F0x")


def test_a_rename_keeps_the_skeleton_in_step(db_session):
    user = make_user(db_session, name="Quiet Fox")
    user.display_name, user.display_name_key = "Brave Wren", "brave wren"
    db_session.commit()
    db_session.expire_all()
    assert db_session.get(User, user.id).display_name_skeleton == name_skeleton("Brave Wren")
    make_user(db_session, name="Quiet Fox")  # the old skeleton is free again


def test_a_look_alike_from_before_the_migration_can_still_sign_in(db_session):
    make_user(db_session, name="Survivor Maple")
    later = make_user(db_session, name="Survivor Wren")
    # What the migration leaves for a look-alike that already existed: its id appended.
    db_session.execute(update(User).where(User.id == later.id).values(
        display_name="Survivor rnaple", display_name_key="survivor rnaple",
        display_name_skeleton=f"{name_skeleton('Survivor Maple')}#{later.id}"))
    db_session.commit()
    signed_in = accounts.sign_in(session=db_session, display_name="Survivor rnaple",
                                 passphrase=PASSPHRASE, client_key="10.7.0.9")
    assert accounts.resolve_session(session=db_session, token=signed_in.token) is not None
    db_session.expire_all()
    assert db_session.get(User, later.id).display_name_skeleton.endswith(f"#{later.id}")


def test_staff_made_by_an_admin_may_say_what_they_are(db_session):
    admin = make_user(db_session, name="Owl", roles=("admin",))
    for role, name in (("moderator", "Moderator Wren"), ("admin", "Admin Lark")):
        created = staff.create_invite(session=db_session, actor=actor_of(admin), role=role,
                                      organisation="Lantern", max_uses=1, valid_days=7)
        sign_up(db_session, name, code=created.code)
    # Partners and coordinators sign up like members: no role words.
    for role in ("partner", "coordinator"):
        created = staff.create_invite(session=db_session, actor=actor_of(admin), role=role,
                                      organisation="Harbor House", max_uses=1, valid_days=7)
        with refused(ServiceError, code="name.reserved"):
            sign_up(db_session, "Harbor Support Team", code=created.code)
    # Staff too write in one script and cannot copy a name.
    created = staff.create_invite(session=db_session, actor=actor_of(admin), role="moderator",
                                  organisation="Lantern", max_uses=3, valid_days=7)
    with refused(ServiceError, code="name.mixed_scripts"):
        sign_up(db_session, f"{GREEK_MU}oderator Heron", code=created.code)
    with refused(ServiceError, code="name.too_similar"):
        sign_up(db_session, "M0derator Wren", code=created.code)


def test_the_command_line_allows_role_words_only_for_staff(db_session):
    bootstrap.create_admin(session=db_session, display_name="Admin Owl", passphrase=PASSPHRASE)
    with refused(ServiceError, code="name.reserved"):
        bootstrap.create_member(session=db_session, display_name="Lantern Team",
                                passphrase=PASSPHRASE, roles=("survivor",))
    with refused(ServiceError, code="name.too_similar"):
        bootstrap.create_admin(session=db_session, display_name="Adrnin Owl",
                               passphrase=PASSPHRASE)
    with refused(ServiceError, code="name.mixed_scripts"):
        bootstrap.create_admin(session=db_session, display_name=f"{GREEK_MU}oderator Heron",
                               passphrase=PASSPHRASE)
