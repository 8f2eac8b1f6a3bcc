"""programme insights: directory searches with no result (filters only) and the
indexes the weekly aggregates read by

Revision ID: i17ins01
Revises: i16path01
Create Date: 2026-12-06 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i17ins01'
down_revision: str | None = 'i16path01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns): the insights count these tables week by week; each index
# covers what the counts read, so no row is visited.
INDEXES = (
    ("ix_insights_group_posts_created", "group_posts",
     ["created_at", "author_id", "is_opening", "status", "held_reasons"]),
    ("ix_insights_review_items_created", "review_items",
     ["created_at", "author_id", "urgent", "resolved_at", "reasons"]),
    ("ix_insights_bookings_start", "calendar_bookings",
     ["start_at", "survivor_id", "status", "rescheduled_from_id", "end_at"]),
    ("ix_insights_requests_created", "mentor_requests",
     ["created_at", "survivor_id", "status", "closed_at"]),
    ("ix_insights_users_created", "users", ["created_at", "organisation", "status",
                                            "last_seen_at"]),
)


def upgrade() -> None:
    op.create_table(
        'directory_search_misses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('week_start', sa.Date(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('searches', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('week_start', 'category', 'region'),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table('directory_search_misses')
