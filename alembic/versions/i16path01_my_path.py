"""my path: goals, steps, and session agenda and notes

Revision ID: i16path01
Revises: i13staff01
Create Date: 2026-12-06 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import portal.models.types

revision: str = 'i16path01'
down_revision: str | None = 'i13staff01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_UTC = portal.models.types.UTCDateTime


def upgrade() -> None:
    op.create_table('path_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('starter_key', _TEXT(length=40), nullable=False),
    sa.Column('title', _TEXT(length=120), nullable=False),
    sa.Column('stage', _TEXT(length=16), nullable=False),
    sa.Column('target_month', _TEXT(length=7), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', _TEXT(length=8), nullable=False),
    sa.Column('shared_match_id', sa.Integer(), nullable=True),
    sa.Column('auto_tick', sa.Boolean(), nullable=False),
    sa.Column('milestone_line', _TEXT(length=300), nullable=False),
    sa.Column('milestone_shared', sa.Boolean(), nullable=False),
    sa.Column('created_at', _UTC(timezone=True), nullable=False),
    sa.Column('updated_at', _UTC(timezone=True), nullable=False),
    sa.Column('done_at', _UTC(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_match_id'], ['mentor_matches.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('path_goals', schema=None) as batch_op:
        batch_op.create_index('ix_path_goals_owner_status', ['owner_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_path_goals_shared_match_id'), ['shared_match_id'],
                              unique=False)

    op.create_table('path_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('text', _TEXT(length=200), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', _UTC(timezone=True), nullable=True),
    sa.Column('link_kind', _TEXT(length=12), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('suggested_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('created_at', _UTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['path_goals.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suggested_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('path_steps', schema=None) as batch_op:
        batch_op.create_index('ix_path_steps_goal_id', ['goal_id', 'id'], unique=False)

    op.create_table('path_session_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', _TEXT(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', _UTC(timezone=True), nullable=False),
    sa.Column('updated_at', _UTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['booking_id'], ['calendar_bookings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('path_session_notes', schema=None) as batch_op:
        batch_op.create_index('ix_path_session_notes_booking_kind', ['booking_id', 'kind'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_path_session_notes_author_id'), ['author_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('path_session_notes')
    op.drop_table('path_steps')
    op.drop_table('path_goals')
