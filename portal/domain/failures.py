"""What a log may say about a failure: never what a member wrote (THREATS.md #9).

An exception's message can quote data: a database error carries a constraint's values,
a parser the text it choked on. ``describe_without_content`` keeps what someone fixing
the bug needs, the exception types and the code lines they passed through, and leaves
every message out.
"""

from __future__ import annotations

import traceback


def describe_without_content(exception: BaseException) -> str:
    """The exception's type and the code lines it passed through, for it and for every
    exception it was raised from or during; never an exception's message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exception
    while current is not None and id(current) not in seen and len(parts) < 8:
        seen.add(id(current))
        kind = type(current)
        frames = traceback.extract_tb(current.__traceback__)
        lines = [f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
                 for frame in frames]
        parts.append("\n".join([f"{kind.__module__}.{kind.__qualname__}", *lines]))
        current = current.__cause__ or current.__context__
    return "\nraised while handling or from:\n".join(parts)
