"""abuse: client key on registrations, index for the per-recipient mail cap

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=16), nullable=True))
    op.create_index('ix_outbox_recipient_recent', 'outbox_message',
                    [sa.text('lower(to_address)'), 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_outbox_recipient_recent', table_name='outbox_message')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('client_key')
