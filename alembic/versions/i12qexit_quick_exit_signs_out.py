"""quick exit signs out, unless the member chose to stay signed in

Revision ID: i12qexit
Revises: i10acc01
Create Date: 2026-12-05 00:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i12qexit"
down_revision: str | None = "i10acc01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keep_session_on_quick_exit", sa.Boolean(),
                                      nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("keep_session_on_quick_exit")
