"""watched words run on RE2: replace the one default pattern that used a look-ahead

Revision ID: i12re2
Revises: 565e265422ff
Create Date: 2026-12-04 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i12re2"
down_revision: str | None = "565e265422ff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = r"\bcortarme\b(?!\W+(?:el|las|los)\W+(?:pelo|cabello|unas|flequillo|puntas))"
NEW = (r"\bcortarme\b(?:\W*$|\s*[.!?,;:]|\W+(?:otra\W+vez|de\W+nuevo|y\b|porque|ya\b|hoy|"
       r"ahora|(?:los|las|la|el)\W+(?:brazos?|piernas?|venas|munecas?|piel|cuerpo)))")

watched_words = sa.table("watched_words", sa.column("pattern", sa.String),
                         sa.column("is_regex", sa.Boolean))


def upgrade() -> None:
    op.execute(watched_words.update()
               .where(watched_words.c.pattern == OLD, watched_words.c.is_regex.is_(True))
               .values(pattern=NEW))


def downgrade() -> None:
    op.execute(watched_words.update()
               .where(watched_words.c.pattern == NEW, watched_words.c.is_regex.is_(True))
               .values(pattern=OLD))
