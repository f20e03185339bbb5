"""session reminders: where people choose sessions, each session is reminded of on its own

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_sent_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.drop_column('reminder_sent_at')
