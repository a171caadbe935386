"""the register of filed entities and websites with their ICP numbers; an order's issued
numbers (several websites) fit in icp_number

Revision ID: 0030_icp_numbers
Revises: 0010_web_desk
Create Date: 2026-12-01 15:28:32
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0030_icp_numbers'
down_revision = '0010_web_desk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('filed_entity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('applicant', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.Column('entity_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('certificate_type', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('personal_enc', sa.Text(), nullable=False),
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('filed_entity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filed_entity_applicant'), ['applicant'], unique=False)

    op.create_table('filed_website',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=72), nullable=False),
    sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['filed_entity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id', 'serial', name='uq_filed_website_serial'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('filed_website', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filed_website_domain'), ['domain'], unique=False)
        batch_op.create_index(batch_op.f('ix_filed_website_entity_id'), ['entity_id'], unique=False)

    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        batch_op.alter_column('icp_number',
               existing_type=sa.VARCHAR(length=64),
               type_=sqlmodel.sql.sqltypes.AutoString(length=255),
               existing_nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('filing_order', schema=None) as batch_op:
        batch_op.alter_column('icp_number',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
               type_=sa.VARCHAR(length=64),
               existing_nullable=True)

    with op.batch_alter_table('filed_website', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filed_website_entity_id'))
        batch_op.drop_index(batch_op.f('ix_filed_website_domain'))

    op.drop_table('filed_website')
    with op.batch_alter_table('filed_entity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filed_entity_applicant'))

    op.drop_table('filed_entity')
