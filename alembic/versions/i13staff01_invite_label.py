"""an invite's label: the inviter's note of whom the code is for

Revision ID: i13staff01
Revises: i13help01
Create Date: 2026-12-05 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'i13staff01'
down_revision: str | None = 'i13help01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing invites get the empty label the model gives new ones.
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80),
                                      nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_column('label')
