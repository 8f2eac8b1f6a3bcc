"""programme insights: indexes for the weekly counts of flags, fit checks and approved
volunteer hours (each covers what the counts read, led by the time column)

Revision ID: i17ins02
Revises: i18story02
Create Date: 2026-12-06 02:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'i17ins02'
down_revision: str | None = 'i18story02'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns), as declared on the models.
INDEXES = (
    ("ix_insights_post_flags_created", "group_post_flags",
     ["created_at", "flagger_id", "reason"]),
    ("ix_insights_fit_checks_answered", "mentor_fit_checks",
     ["answered_at", "user_id", "answer"]),
    ("ix_insights_attendance_approved", "volunteer_attendance",
     ["approved_at", "user_id", "minutes"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
