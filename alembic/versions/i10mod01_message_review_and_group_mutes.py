"""private messages under review, report reasons and outcomes, group-only mutes

Revision ID: i10mod01
Revises: i10men01
Create Date: 2026-12-04 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import portal.models.types


revision: str = 'i10mod01'
down_revision: str | None = 'i10men01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('group_mutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('muted_until', portal.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['support_groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'user_id')
    )
    with op.batch_alter_table('group_mutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_mutes_user_id'), ['user_id'], unique=False)

    # Existing rows get the defaults the models give new ones.
    with op.batch_alter_table('mentor_message_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=32),
                                      nullable=False, server_default='other'))
        batch_op.add_column(sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=False, server_default=''))

    with op.batch_alter_table('mentor_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default='visible'))
        batch_op.add_column(sa.Column('held_reasons',
                                      sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('review_reason',
                                      sqlmodel.sql.sqltypes.AutoString(length=500),
                                      nullable=False, server_default=''))

    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentor_message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_items_mentor_message_id'),
                              ['mentor_message_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_items_mentor_message_id'))
        batch_op.drop_column('mentor_message_id')

    with op.batch_alter_table('mentor_messages', schema=None) as batch_op:
        batch_op.drop_column('review_reason')
        batch_op.drop_column('held_reasons')
        batch_op.drop_column('status')

    with op.batch_alter_table('mentor_message_reports', schema=None) as batch_op:
        batch_op.drop_column('outcome')
        batch_op.drop_column('reason')

    with op.batch_alter_table('group_mutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_mutes_user_id'))

    op.drop_table('group_mutes')
