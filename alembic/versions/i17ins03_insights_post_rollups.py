# ruff: noqa: S608  (trigger DDL built from this module's own words, no outside value)
"""programme insights: weekly rollups of the group posts (live posts by kind and hold,
and who posted each week), kept current by triggers on group_posts and filled from the
posts already there

Revision ID: i17ins03
Revises: i15seen01
Create Date: 2026-12-06 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i17ins03'
down_revision: str | None = 'i15seen01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The statements as written on this date (portal/models/insights.py holds the same).
CHANGED_COLUMNS = "status, held_reasons, is_opening, author_id, created_at"


def _sqlite_step(row: str, sign: str) -> str:
    week = f"date({row}.created_at, '-6 days', 'weekday 1')"
    live = f"{row}.status != 'deleted'"
    held = f"{row}.held_reasons != ''"
    buckets = {"posts_held": f"{row}.is_opening AND {held}",
               "posts_not_held": f"{row}.is_opening AND NOT ({held})",
               "replies_held": f"NOT {row}.is_opening AND {held}",
               "replies_not_held": f"NOT {row}.is_opening AND NOT ({held})"}
    sets = ", ".join(f"{name} = {name} {sign} ({live} AND {condition})"
                     for name, condition in buckets.items())
    return (
        "INSERT OR IGNORE INTO insights_post_weeks (week_start, active_members, posts_held,"
        f" posts_not_held, replies_held, replies_not_held) VALUES ({week}, 0, 0, 0, 0, 0);\n"
        f"UPDATE insights_post_weeks SET {sets} WHERE week_start = {week};\n"
        # Her first post of the week makes her one more member who posted that week.
        + ("UPDATE insights_post_weeks SET active_members = active_members + 1"
           f" WHERE week_start = {week} AND {row}.author_id IS NOT NULL AND NOT EXISTS"
           " (SELECT 1 FROM insights_post_authors a WHERE a.week_start = insights_post_weeks"
           f".week_start AND a.author_id = {row}.author_id);\n" if sign == "+" else "")
        + "INSERT OR IGNORE INTO insights_post_authors (week_start, author_id, posts)"
        f" SELECT {week}, {row}.author_id, 0 WHERE {row}.author_id IS NOT NULL;\n"
        f"UPDATE insights_post_authors SET posts = posts {sign} 1"
        f" WHERE week_start = {week} AND author_id = {row}.author_id;\n"
        # Her last post of the week gone: one fewer.
        + ("UPDATE insights_post_weeks SET active_members = active_members - 1"
           f" WHERE week_start = {week} AND EXISTS (SELECT 1 FROM insights_post_authors a"
           " WHERE a.week_start = insights_post_weeks.week_start"
           f" AND a.author_id = {row}.author_id AND a.posts <= 0);\n" if sign == "-" else "")
        + f"DELETE FROM insights_post_authors WHERE week_start = {week}"
        f" AND author_id = {row}.author_id AND posts <= 0;\n")


SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS insights_posts_added AFTER INSERT ON group_posts BEGIN\n"
    + _sqlite_step("NEW", "+") + "END",
    "CREATE TRIGGER IF NOT EXISTS insights_posts_removed AFTER DELETE ON group_posts BEGIN\n"
    + _sqlite_step("OLD", "-") + "END",
    f"CREATE TRIGGER IF NOT EXISTS insights_posts_changed AFTER UPDATE OF {CHANGED_COLUMNS}"
    " ON group_posts BEGIN\n" + _sqlite_step("OLD", "-") + _sqlite_step("NEW", "+") + "END",
    "INSERT INTO insights_post_weeks (week_start, active_members, posts_held, posts_not_held,"
    " replies_held, replies_not_held) SELECT date(created_at, '-6 days', 'weekday 1') AS week,"
    " count(DISTINCT author_id),"
    " sum(status != 'deleted' AND is_opening AND held_reasons != ''),"
    " sum(status != 'deleted' AND is_opening AND held_reasons = ''),"
    " sum(status != 'deleted' AND NOT is_opening AND held_reasons != ''),"
    " sum(status != 'deleted' AND NOT is_opening AND held_reasons = '')"
    " FROM group_posts GROUP BY week",
    "INSERT INTO insights_post_authors (week_start, author_id, posts)"
    " SELECT date(created_at, '-6 days', 'weekday 1') AS week, author_id, count(*)"
    " FROM group_posts WHERE author_id IS NOT NULL GROUP BY week, author_id",
)

POSTGRES = (
    """CREATE OR REPLACE FUNCTION insights_posts_count(post group_posts, step integer)
RETURNS void AS $$
DECLARE
    week date := date_trunc('week', post.created_at AT TIME ZONE 'UTC')::date;
    held boolean := post.held_reasons <> '';
    remaining integer;
BEGIN
    INSERT INTO insights_post_weeks (week_start, active_members, posts_held, posts_not_held,
                                     replies_held, replies_not_held)
        VALUES (week, 0, 0, 0, 0, 0) ON CONFLICT (week_start) DO NOTHING;
    IF post.status <> 'deleted' THEN
        UPDATE insights_post_weeks SET
            posts_held = posts_held + CASE WHEN post.is_opening AND held THEN step ELSE 0 END,
            posts_not_held = posts_not_held
                + CASE WHEN post.is_opening AND NOT held THEN step ELSE 0 END,
            replies_held = replies_held
                + CASE WHEN NOT post.is_opening AND held THEN step ELSE 0 END,
            replies_not_held = replies_not_held
                + CASE WHEN NOT post.is_opening AND NOT held THEN step ELSE 0 END
        WHERE week_start = week;
    END IF;
    IF post.author_id IS NOT NULL THEN
        INSERT INTO insights_post_authors AS a (week_start, author_id, posts)
            VALUES (week, post.author_id, step)
            ON CONFLICT (week_start, author_id) DO UPDATE SET posts = a.posts + step
            RETURNING a.posts INTO remaining;
        -- Her first post of the week, or her last one gone: the week's count of members
        -- who posted moves by one (the row lock above orders two writers).
        IF remaining > 0 AND remaining - step <= 0 THEN
            UPDATE insights_post_weeks SET active_members = active_members + 1
                WHERE week_start = week;
        ELSIF remaining <= 0 AND remaining - step > 0 THEN
            UPDATE insights_post_weeks SET active_members = active_members - 1
                WHERE week_start = week;
        END IF;
        IF remaining <= 0 THEN
            DELETE FROM insights_post_authors
                WHERE week_start = week AND author_id = post.author_id;
        END IF;
    END IF;
END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION insights_posts_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM insights_posts_count(OLD, -1); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM insights_posts_count(NEW, 1); END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
    "CREATE OR REPLACE TRIGGER insights_posts_changed AFTER INSERT OR DELETE OR UPDATE OF "
    f"{CHANGED_COLUMNS} ON group_posts FOR EACH ROW EXECUTE FUNCTION insights_posts_changed()",
    "INSERT INTO insights_post_weeks (week_start, active_members, posts_held, posts_not_held,"
    " replies_held, replies_not_held)"
    " SELECT date_trunc('week', created_at AT TIME ZONE 'UTC')::date AS week,"
    " count(DISTINCT author_id),"
    " count(*) FILTER (WHERE status <> 'deleted' AND is_opening AND held_reasons <> ''),"
    " count(*) FILTER (WHERE status <> 'deleted' AND is_opening AND held_reasons = ''),"
    " count(*) FILTER (WHERE status <> 'deleted' AND NOT is_opening AND held_reasons <> ''),"
    " count(*) FILTER (WHERE status <> 'deleted' AND NOT is_opening AND held_reasons = '')"
    " FROM group_posts GROUP BY week",
    "INSERT INTO insights_post_authors (week_start, author_id, posts)"
    " SELECT date_trunc('week', created_at AT TIME ZONE 'UTC')::date AS week, author_id,"
    " count(*) FROM group_posts WHERE author_id IS NOT NULL GROUP BY week, author_id",
)


def upgrade() -> None:
    op.create_table(
        "insights_post_weeks",
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("active_members", sa.Integer(), nullable=False),
        sa.Column("posts_held", sa.Integer(), nullable=False),
        sa.Column("posts_not_held", sa.Integer(), nullable=False),
        sa.Column("replies_held", sa.Integer(), nullable=False),
        sa.Column("replies_not_held", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week_start"),
    )
    op.create_table(
        "insights_post_authors",
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week_start", "author_id"),
    )
    statements = SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("added", "removed", "changed"):
            op.execute(f"DROP TRIGGER IF EXISTS insights_posts_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS insights_posts_changed ON group_posts")
        op.execute("DROP FUNCTION IF EXISTS insights_posts_changed()")
        op.execute("DROP FUNCTION IF EXISTS insights_posts_count(group_posts, integer)")
    op.drop_table("insights_post_authors")
    op.drop_table("insights_post_weeks")
