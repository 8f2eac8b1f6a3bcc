"""stories: the story a mentor links from her mentor profile

Revision ID: i18story02
Revises: i15notify01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.types

revision: str = "i18story02"
down_revision: str | None = "i15notify01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentor_story_links",
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["mentor_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mentor_id"),
    )
    with op.batch_alter_table("mentor_story_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentor_story_links_story_id"), ["story_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mentor_story_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_story_links_story_id"))
    op.drop_table("mentor_story_links")
