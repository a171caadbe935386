"""web review desk: reviewer accounts, append-only audit log, submissions, queue indexes

Revision ID: 0010_web_desk
Revises: 0005_reviewer_notices
Create Date: 2026-12-01 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010_web_desk'
down_revision = '0005_reviewer_notices'
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('reviewer',
    sa.Column('name', TEXT(length=64), nullable=False),
    sa.Column('password_hash', TEXT(length=255), nullable=False),
    sa.Column('role', TEXT(length=16), nullable=False),
    sa.Column('locale', TEXT(length=16), nullable=False),
    sa.Column('totp_enc', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', WHEN(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', WHEN(), nullable=False),
    sa.Column('actor', TEXT(length=64), nullable=False),
    sa.Column('action', TEXT(length=32), nullable=False),
    sa.Column('order_id', TEXT(length=32), nullable=True),
    sa.Column('detail', TEXT(length=500), nullable=False),
    sa.Column('peer', TEXT(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_actor', ['actor'], unique=False)
        batch_op.create_index('ix_audit_log_order_id', ['order_id'], unique=False)
    _forbid_changes_to_audit_log()
    op.create_table('order_submission',
    sa.Column('order_id', TEXT(length=32), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('at', WHEN(), nullable=False),
    sa.Column('data_enc', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['filing_order.id'], ),
    sa.PrimaryKeyConstraint('order_id', 'round')
    )
    with op.batch_alter_table('order_entity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_digest', TEXT(length=64), nullable=True))
        batch_op.create_index('ix_order_entity_name_digest', ['name_digest'], unique=False)
    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        batch_op.create_index('ix_order_status_waiting', ['status', 'updated_at', 'id'])
        batch_op.create_index('ix_order_type_waiting', ['order_type', 'updated_at'])
        batch_op.create_index('ix_order_region_waiting', ['region', 'updated_at'])
        batch_op.create_index('ix_order_waiting', ['updated_at', 'id'])
        batch_op.create_index('ix_order_sms_deadline', ['sms_deadline'])
    with op.batch_alter_table('status_history', schema=None) as batch_op:
        batch_op.create_index('ix_status_history_at', ['at'])


def _forbid_changes_to_audit_log() -> None:
    """The audit log is append-only in the database itself, not only by convention."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
                   "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
        return
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def downgrade() -> None:
    with op.batch_alter_table('status_history', schema=None) as batch_op:
        batch_op.drop_index('ix_status_history_at')
    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        for name in ('ix_order_sms_deadline', 'ix_order_waiting', 'ix_order_region_waiting',
                     'ix_order_type_waiting', 'ix_order_status_waiting'):
            batch_op.drop_index(name)
    with op.batch_alter_table('order_entity', schema=None) as batch_op:
        batch_op.drop_index('ix_order_entity_name_digest')
        batch_op.drop_column('name_digest')
    op.drop_table('order_submission')
    op.drop_table('audit_log')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table('reviewer')
