"""reviewers' notices per order (to close stale decision buttons) and review drafts

Revision ID: 0005_reviewer_notices
Revises: 0004_exact_update_ids
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_reviewer_notices'
down_revision = '0004_exact_update_ids'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reviewer_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('message_id', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_reviewer_notice_order_id', 'reviewer_notice', ['order_id'])
    op.create_table(
        'review_draft',
        sa.Column('chat', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('chat'),
    )


def downgrade() -> None:
    op.drop_table('review_draft')
    op.drop_index('ix_reviewer_notice_order_id', table_name='reviewer_notice')
    op.drop_table('reviewer_notice')
