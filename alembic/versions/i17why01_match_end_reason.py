"""mentoring: why a mentorship ended, as a short code on the match (issue 17: matches
ended and why). Never shown to the other person; only counted in the insights.

Revision ID: i17why01
Revises: i17ins03
Create Date: 2026-12-06 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i17why01'
down_revision: str | None = 'i17ins03'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('mentor_matches') as batch:
        batch.add_column(sa.Column('ended_reason', sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mentor_matches') as batch:
        batch.drop_column('ended_reason')
