"""a member's words to staff on a review item (kind staff_contact)

Revision ID: i13help01
Revises: i10mod01
Create Date: 2026-12-05 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'i13help01'
down_revision: str | None = 'i10mod01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows get the default the model gives new ones.
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000),
                                      nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_column('note')
