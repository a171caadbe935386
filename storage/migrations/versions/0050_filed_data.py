"""website facts that are not personal: languages, pre-approval, domain holder and expiry

Revision ID: 0050_filed_data
Revises: 0040_security
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0050_filed_data'
down_revision = '0040_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('order_website', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('order_website', schema=None) as batch_op:
        batch_op.drop_column('facts')
