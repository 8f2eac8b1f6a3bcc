"""evidence outlives an account; profile edits wait for review; sessions closed with a match

- mentor_message_reports: reporter and reported member become NULL (a former member)
  instead of deleting the report; ``subject_erased_at`` starts the retention period.
- moderation_actions: the target becomes NULL instead of deleting the record;
  ``subject_erased_at`` likewise.
- mentor_matches: a side becomes NULL when that member deletes their account, so the
  other person's own messages stay with the other person's data.
- mentor_profiles: pending changes of an approved mentor, waiting for review.
- calendar_bookings: ``closed_with_match`` marks sessions cancelled because the
  mentorship closed (ended, a block, a suspension).

Revision ID: i10men01
Revises: i12qexit
Create Date: 2026-12-04 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import portal.models.types

revision: str = 'i10men01'
down_revision: str | None = 'i12qexit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's foreign keys have no names: name them by convention so batch mode can swap them.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}

# (table, column, nullable before) whose foreign key to users goes CASCADE -> SET NULL.
SET_NULL = (
    ("mentor_message_reports", "reporter_id", False),
    ("mentor_message_reports", "reported_member_id", False),
    ("moderation_actions", "target_user_id", True),
    ("mentor_matches", "survivor_id", False),
    ("mentor_matches", "mentor_id", False),
)


def _fk_name(table: str, column: str) -> str:
    for fk in sa.inspect(op.get_bind()).get_foreign_keys(table):
        if fk["constrained_columns"] == [column] and fk.get("name"):
            return fk["name"]
    return NAMING["fk"] % {"table_name": table, "column_0_name": column,
                           "referred_table_name": "users"}


def _swap_user_keys(ondelete: str, nullable: bool) -> None:
    tables: dict[str, list[tuple[str, bool]]] = {}
    for table, column, was_nullable in SET_NULL:
        tables.setdefault(table, []).append((column, was_nullable))
    for table, columns in tables.items():
        names = {column: _fk_name(table, column) for column, _ in columns}
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            for column, was_nullable in columns:
                batch_op.drop_constraint(names[column], type_='foreignkey')
                batch_op.alter_column(column, existing_type=sa.Integer(),
                                      nullable=nullable or was_nullable)
                batch_op.create_foreign_key(names[column], 'users', [column], ['id'],
                                            ondelete=ondelete)


def upgrade() -> None:
    _swap_user_keys('SET NULL', True)
    with op.batch_alter_table('mentor_message_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_erased_at',
                                      portal.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_mentor_message_reports_subject_erased_at'),
                              ['subject_erased_at'], unique=False)
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_erased_at',
                                      portal.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_moderation_actions_subject_erased_at'),
                              ['subject_erased_at'], unique=False)
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_changes',
                                      sqlmodel.sql.sqltypes.AutoString(length=4000),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('changes_status',
                                      sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('changes_reasons',
                                      sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('changes_urgent', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('changes_submitted_at',
                                      portal.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_mentor_profiles_changes_status'),
                              ['changes_status'], unique=False)
    with op.batch_alter_table('calendar_bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_with_match', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # The defaults only filled existing rows; the models give every new row its value.
    for table, column in (('mentor_profiles', 'pending_changes'),
                          ('mentor_profiles', 'changes_status'),
                          ('mentor_profiles', 'changes_reasons'),
                          ('mentor_profiles', 'changes_urgent'),
                          ('calendar_bookings', 'closed_with_match')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('calendar_bookings', schema=None) as batch_op:
        batch_op.drop_column('closed_with_match')
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_profiles_changes_status'))
        batch_op.drop_column('changes_submitted_at')
        batch_op.drop_column('changes_urgent')
        batch_op.drop_column('changes_reasons')
        batch_op.drop_column('changes_status')
        batch_op.drop_column('pending_changes')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_actions_subject_erased_at'))
        batch_op.drop_column('subject_erased_at')
    with op.batch_alter_table('mentor_message_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_message_reports_subject_erased_at'))
        batch_op.drop_column('subject_erased_at')
    # Rows about former members cannot go back under a NOT NULL column.
    op.execute("DELETE FROM mentor_message_reports "
               "WHERE reporter_id IS NULL OR reported_member_id IS NULL")
    op.execute("DELETE FROM mentor_matches WHERE survivor_id IS NULL OR mentor_id IS NULL")
    _swap_user_keys('CASCADE', False)
