"""exact recent update ids per chat; the unused processed_update table goes

Revision ID: 0004_exact_update_ids
Revises: 13958def9b19
Create Date: 2026-12-01 15:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_exact_update_ids'
down_revision = '13958def9b19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recent_updates', sa.JSON(), server_default='[]',
                                      nullable=False))
        batch_op.drop_column('last_update')
    op.drop_index('ix_processed_update_created_at', table_name='processed_update')
    op.drop_table('processed_update')


def downgrade() -> None:
    op.create_table(
        'processed_update',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_processed_update_created_at', 'processed_update', ['created_at'])
    with op.batch_alter_table('chat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_update', sa.BigInteger(), server_default='0',
                                      nullable=False))
        batch_op.drop_column('recent_updates')
