"""Starlette routes beside the Reflex app: the second door, with the same rules.

``mount.ROUTES`` is every route, mounted by ``portal/portal.py``: ``accounts`` (the forms
that set or clear the session cookie, the quick exit, "my data"), ``oidc`` (staff
sign-in), ``calendar``, ``resources`` and ``volunteering`` (files in and out). They share
one ``viewer.current_viewer``, one same-origin rule (``origin``) and one decorator for
POST forms (``forms.form_route``). Paths come from ``portal/routes.py``.
"""
