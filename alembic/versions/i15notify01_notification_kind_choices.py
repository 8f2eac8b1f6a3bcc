"""a member's choice per kind of notification: the kinds she turned off

Revision ID: i15notify01
Revises: i18story01
Create Date: 2026-12-06 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import portal.models.types


revision: str = 'i15notify01'
down_revision: str | None = 'i18story01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No row: the kind is on. Every member starts with every kind on.
    op.create_table('muted_notification_kinds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', portal.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'kind', name='uq_muted_notification_kind')
    )


def downgrade() -> None:
    op.drop_table('muted_notification_kinds')
