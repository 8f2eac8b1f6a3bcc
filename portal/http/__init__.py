"""Starlette routes beside the Reflex app: the second door, with the same rules."""
