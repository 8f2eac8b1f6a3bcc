"""The `portal` command: migrate, seed-demo, create-admin, scheduler."""

from __future__ import annotations

import argparse
import getpass
import sys

from portal import routes
from portal.settings import get_settings


def _migrate(_args: argparse.Namespace) -> int:
    from portal.migrations import upgrade_to_head

    upgrade_to_head(get_settings().database_url)
    print("Database is up to date.")
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from portal.db import open_session
    from portal.demo import seed_demo_data

    settings = get_settings()
    if not settings.demo_mode and not args.force:
        print("Demo data is only loaded in demo mode (LANTERN_DEMO_MODE=1).", file=sys.stderr)
        _first_admin_hint()
        return 2
    if not settings.demo_data_allowed and not args.force:
        # Not an error: `make run` goes on to serve the site, without public passphrases.
        print(f"No demo data: {settings.public_origin} is not this machine, and demo "
              "accounts have public passphrases. Set LANTERN_DEMO_ON_PUBLIC_URL=1 to load "
              "them anyway (never on a real deployment).", file=sys.stderr)
        _first_admin_hint()
        return 0
    with open_session() as session:
        created = seed_demo_data(session=session)
    if created is None:
        print("Demo data is already there. Demo sign-in details are in README.md.")
        return 0
    print(f"Demo data loaded. Sign in at {get_settings().public_origin}{routes.SIGN_IN} with:")
    for line in created:
        print("  " + line)
    return 0


def _first_admin_hint() -> None:
    """On a first start without demo data, tell the operator how to get in."""
    from portal.db import open_session
    from portal.services.accounts import has_administrator

    with open_session() as session:
        if has_administrator(session=session):
            return
    print("There is no administrator yet. Create the first one with:\n"
          "  .venv/bin/portal create-admin 'Your Nickname' --email you@example.org\n"
          "(--email is only needed for staff sign-in through your organisation.)")


def _create_admin(args: argparse.Namespace) -> int:
    from portal.db import open_session
    from portal.services.accounts import create_admin
    from portal.services.errors import ServiceError

    passphrase = args.passphrase or getpass.getpass("Passphrase (10+ characters): ")
    try:
        with open_session() as session:
            create_admin(session=session, display_name=args.name, passphrase=passphrase,
                         email=args.email)
    except ServiceError as error:
        from portal.i18n import translate

        print(translate("en", error.code, **error.params), file=sys.stderr)
        return 1
    print(f"Administrator {args.name!r} created.")
    return 0


def _scheduler(args: argparse.Namespace) -> int:
    """The one scheduler (portal.jobs.runner explains why it is a process of its own)."""
    import logging

    from portal.jobs.runner import run_once, run_scheduler

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler reports every run at INFO; our own lines say what each job handled.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if args.once:
        for name, handled in run_once().items():
            print(f"{name}: {handled}")
        return 0
    run_scheduler(standby_poll_seconds=args.standby_poll)
    return 0


def main(argv: list[str] | None = None) -> int:
    from portal.services.wiring import wire

    wire()
    parser = argparse.ArgumentParser(prog="portal", description="Lantern administration.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    seed = commands.add_parser("seed-demo", help="load demo data (demo mode only)")
    seed.add_argument("--force", action="store_true", help="load even outside demo mode")
    seed.set_defaults(run=_seed_demo)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("name")
    admin.add_argument("--email", default=None, help="for staff sign-in through OIDC")
    admin.add_argument("--passphrase", default=None, help="prompted for when left out")
    admin.set_defaults(run=_create_admin)
    scheduler = commands.add_parser("scheduler", help="run the periodic jobs (one per deployment)")
    scheduler.add_argument("--once", action="store_true", help="run every job once and exit")
    scheduler.add_argument("--standby-poll", type=float, default=15.0,
                           help="seconds between a standby's tries to take over")
    scheduler.set_defaults(run=_scheduler)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
