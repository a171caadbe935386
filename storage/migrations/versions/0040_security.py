"""security (#14): sealed order details, history notes and outbox payloads; forget requests;
no original file names of materials in clear

Values already stored in clear (details, notes, payloads) are sealed by the application at
start (storage.legacy), since only it has the key.

Revision ID: 0040_security
Revises: 0030_icp_numbers
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0040_security'
down_revision = '0030_icp_numbers'
branch_labels = None
depends_on = None

NEUTRAL_NAME = ("kind || CASE content_type WHEN 'image/jpeg' THEN '.jpg' "
                "WHEN 'image/png' THEN '.png' WHEN 'application/pdf' THEN '.pdf' ELSE '' END")


def upgrade() -> None:
    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details_enc', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('forget_requested', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    with op.batch_alter_table('status_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_enc', sa.Text(), nullable=True))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload_enc', sa.Text(), nullable=True))
    # A material's original file name may name its owner ("张三身份证.jpg"): orders keep a
    # neutral name (kind and type); the original stays only in the sealed draft.
    op.execute(f"UPDATE order_material SET file_name = {NEUTRAL_NAME}")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('payload_enc')
    with op.batch_alter_table('status_history', schema=None) as batch_op:
        batch_op.drop_column('note_enc')
    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        batch_op.drop_column('forget_requested')
        batch_op.drop_column('details_enc')
