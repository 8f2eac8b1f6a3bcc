"""display name skeleton (look-alike names are one name, Unicode TR39); first codes pending

Revision ID: i10acc01
Revises: i10anon01
Create Date: 2026-12-04 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from portal.domain.names import name_skeleton

revision: str = 'i10acc01'
down_revision: str | None = 'i10anon01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name_skeleton',
                                      sqlmodel.sql.sqltypes.AutoString(length=255),
                                      nullable=True))
        # Only a sign-up sets it; existing accounts get new codes with their passphrase.
        batch_op.add_column(sa.Column('recovery_codes_pending', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Backfill. Names that already look alike keep working: the oldest keeps the plain
    # skeleton and later ones get their id appended ('#' never occurs in a name), so the
    # unique constraint can be added; staff can then ask the later ones to rename.
    connection = op.get_bind()
    users = sa.table('users', sa.column('id', sa.Integer),
                     sa.column('display_name', sa.String),
                     sa.column('display_name_skeleton', sa.String))
    taken: set[str] = set()
    rows = connection.execute(sa.select(users.c.id, users.c.display_name)
                              .order_by(users.c.id)).all()
    for row in rows:
        skeleton = name_skeleton(row.display_name or "")[:240]
        if skeleton in taken:
            skeleton = f"{skeleton}#{row.id}"
        taken.add(skeleton)
        connection.execute(users.update().where(users.c.id == row.id)
                           .values(display_name_skeleton=skeleton))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('display_name_skeleton', existing_type=sa.String(length=255),
                              nullable=False)
        batch_op.create_unique_constraint('uq_users_display_name_skeleton',
                                          ['display_name_skeleton'])


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_users_display_name_skeleton', type_='unique')
        batch_op.drop_column('display_name_skeleton')
        batch_op.drop_column('recovery_codes_pending')
