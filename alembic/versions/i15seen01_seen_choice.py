"""issue 15: "seen" for a member's own messages, off by default

Revision ID: i15seen01
Revises: i17ins02
Create Date: 2026-12-06 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.types

revision: str = 'i15seen01'
down_revision: str | None = 'i17ins02'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No row: "seen" is off. Every member starts with it off.
    op.create_table('mentor_seen_choices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )
    with op.batch_alter_table('mentor_messages') as batch:
        batch.add_column(sa.Column('seen', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('mentor_messages') as batch:
        batch.drop_column('seen')
    op.drop_table('mentor_seen_choices')
