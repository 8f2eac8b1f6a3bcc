"""Accounts: sign-up, sign-in, sessions, recovery, staff tools, blocks and 'my data'.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "bootstrap": ("create_admin", "create_member", "has_administrator",),
    "members": ("change_passphrase", "count_unused_recovery_codes", "has_unused_recovery_codes",
        "issue_first_recovery_codes", "issue_recovery_codes", "quick_exit",
        "quick_exit_keeps_session", "recover", "resolve_session", "resolve_sessions",
        "set_language", "set_quick_exit_keeps_session", "set_timezone", "sign_in",
        "sign_in_verified_staff_email", "sign_out", "sign_out_everywhere", "sign_up",),
    "my_data": ("delete_my_account", "export_my_data",),
    "staff": ("create_invite", "end_member_sessions", "list_invites", "list_members",
        "read_audit_log", "revoke_invite", "set_suspended",),
    "views": ("SignedIn", "Viewer",),
})
