"""stories: stories, their reviews, supportive reactions and held replies

Revision ID: i18story01
Revises: i17ins01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import portal.models.types

revision: str = "i18story01"
down_revision: str | None = "i17ins01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, portal.models.types.UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False)


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        _text("title", 120),
        sa.Column("body", sa.Text(), nullable=False),
        _text("content_warnings", 200),
        _text("audience", 16),
        _text("signature", 16),
        _text("pen_name", 40),
        sa.Column("allow_replies", sa.Boolean(), nullable=False),
        sa.Column("search_engines", sa.Boolean(), nullable=False),
        _text("status", 16),
        sa.Column("author_confirmed", sa.Boolean(), nullable=False),
        sa.Column("first_approver_id", sa.Integer(), nullable=True),
        sa.Column("second_approver_id", sa.Integer(), nullable=True),
        _utc("created_at"),
        _utc("updated_at"),
        _utc("published_at", nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["first_approver_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["second_approver_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index("ix_stories_status_published", ["status", "published_at"],
                              unique=False)
        batch_op.create_index("ix_stories_author", ["author_id"], unique=False)

    op.create_table(
        "story_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        _text("decision", 16),
        _text("note", 1000),
        _utc("created_at"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["moderator_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("story_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_reviews_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_reactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _text("kind", 16),
        _utc("created_at"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("story_id", "user_id", "kind", name="uq_story_reactions_reader_kind"),
    )
    with op.batch_alter_table("story_reactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_reactions_story_id"), ["story_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_story_reactions_user_id"), ["user_id"],
                              unique=False)

    op.create_table(
        "story_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _text("status", 16),
        _utc("created_at"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("story_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_replies_story_id"), ["story_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_replies_author_id"), ["author_id"],
                              unique=False)


def downgrade() -> None:
    for table in ("story_replies", "story_reactions", "story_reviews", "stories"):
        op.drop_table(table)
