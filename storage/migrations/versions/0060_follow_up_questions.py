"""the last question's subject per chat, for follow-up questions

Revision ID: 0060_follow_up_questions
Revises: 0050_filed_data
Create Date: 2026-12-01 17:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0060_follow_up_questions'
down_revision = '0050_filed_data'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_question', sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chat', schema=None) as batch_op:
        batch_op.drop_column('last_question')
