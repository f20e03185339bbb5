"""mail delivery: Message-ID kept across retries, invite parts, preferences, sending budget

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28 22:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (SQLite has it): a batch copy would lose the expression index
    # ix_outbox_recipient_recent, which batch mode cannot reflect.
    op.add_column('outbox_message', sa.Column('message_id', sa.String(length=250), nullable=True))
    op.add_column('outbox_message', sa.Column('invite_part', sa.Integer(), nullable=True))
    op.create_table(
        'mail_preference',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('opted_out', sa.String(length=200), server_default='', nullable=False),
        sa.Column('bounced_at', sa.DateTime(), nullable=True),
        sa.Column('bounced_address_hash', sa.String(length=64), nullable=True),
        sa.Column('bounce_code', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_mail_preference_registration_id_registration'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('registration_id', name=op.f('pk_mail_preference')),
    )
    op.create_table(
        'mail_send_window',
        sa.Column('minute', sa.DateTime(), nullable=False),
        sa.Column('claimed', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('minute', name=op.f('pk_mail_send_window')),
    )


def downgrade():
    op.drop_table('mail_send_window')
    op.drop_table('mail_preference')
    op.drop_index('ix_outbox_recipient_recent', table_name='outbox_message')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('invite_part')
        batch_op.drop_column('message_id')
    op.create_index('ix_outbox_recipient_recent', 'outbox_message',
                    [sa.text('lower(to_address)'), 'created_at'], unique=False)
