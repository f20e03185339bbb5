"""privacy: anonymised registrations, person key, purged outbox rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('person_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_registration_person_key'), ['person_key'], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_person_key'))
        batch_op.drop_column('person_key')
        batch_op.drop_column('anonymised_at')
