# ruff: noqa: S608  (trigger DDL built from this module's own words, no outside value)
"""Weekly rollups of the group posts for programme insights, kept current by the
database itself (triggers on ``group_posts``), so the page reads 52 small rows instead
of a year of posts.

- ``insights_post_weeks``: per week (Monday, UTC), the members who posted (deleted posts
  too), and the live posts (not deleted by their author) by kind (opening post or
  reply) and by whether a moderator held them first.
- ``insights_post_authors``: how many posts (deleted or not) each member wrote in each
  week, a row only while she has one: her first post of a week adds one to that
  week's ``active_members``, her last one gone takes it away.
  Counts only: no text, no thread, no group. Erasing an account deletes her posts and
  with them her rows here.

The triggers add a post's counts when it is written and take them away when it is
deleted, and do both when its status, hold, kind, author or time changes: every write,
whichever service makes it, keeps the rollups exact, in the writer's transaction. The
same statements are in migration ``i17ins03``. A later migration that rebuilds
``group_posts`` (SQLite's batch mode copies the table, and its triggers go with the
old one) must create the triggers again; on PostgreSQL the function takes the table's
row type, so dropping the table asks to drop the function first.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import DDL, Column, Date, event
from sqlmodel import Field, SQLModel


class InsightsPostWeek(SQLModel, table=True):
    __tablename__ = "insights_post_weeks"

    week_start: date = Field(sa_column=Column(Date, primary_key=True))
    active_members: int = Field(default=0)  # her rows in insights_post_authors
    posts_held: int = Field(default=0)
    posts_not_held: int = Field(default=0)
    replies_held: int = Field(default=0)
    replies_not_held: int = Field(default=0)


class InsightsPostAuthor(SQLModel, table=True):
    __tablename__ = "insights_post_authors"

    week_start: date = Field(sa_column=Column(Date, primary_key=True))
    author_id: int = Field(primary_key=True)
    posts: int = Field(default=0)


# --- SQLite: one trigger per kind of write ------------------------------------------

def _sqlite_week(row: str) -> str:
    # The Monday on or before the post's day (text dates, as SQLite keeps them).
    return f"date({row}.created_at, '-6 days', 'weekday 1')"


def _sqlite_step(row: str, sign: str) -> str:
    week = _sqlite_week(row)
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


CHANGED_COLUMNS = "status, held_reasons, is_opening, author_id, created_at"

SQLITE_DDL = (
    "CREATE TRIGGER IF NOT EXISTS insights_posts_added AFTER INSERT ON group_posts BEGIN\n"
    + _sqlite_step("NEW", "+") + "END",
    "CREATE TRIGGER IF NOT EXISTS insights_posts_removed AFTER DELETE ON group_posts BEGIN\n"
    + _sqlite_step("OLD", "-") + "END",
    f"CREATE TRIGGER IF NOT EXISTS insights_posts_changed AFTER UPDATE OF {CHANGED_COLUMNS}"
    " ON group_posts BEGIN\n" + _sqlite_step("OLD", "-") + _sqlite_step("NEW", "+") + "END",
)

# --- PostgreSQL: one function for a post's counts, one trigger ------------------------

POSTGRES_DDL = (
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
)
# Filling the rollups from posts already there (migration i17ins03 does the same; the
# benchmark's bulk load on PostgreSQL too).
POSTGRES_BACKFILL = (
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

# A schema made from the models (tests, benchmarks) gets the triggers too, once every
# table exists.
for _statement in SQLITE_DDL:
    event.listen(SQLModel.metadata, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_DDL:
    event.listen(SQLModel.metadata, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))
