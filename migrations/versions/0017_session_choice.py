"""session choice («velg økter»): per-session seats, deadlines and chosen sessions

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

MODE_KNOWN = "mode IN ('physical', 'digital')"
STATUS_KNOWN = "status IN ('confirmed', 'waitlisted', 'cancelled')"


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_choice', sa.String(length=3),
                                      server_default='all', nullable=False))
        batch_op.create_check_constraint('session_choice_known',
                                         "session_choice IN ('all', 'any')")
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_closes_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancellation_deadline', sa.DateTime(), nullable=True))
    op.create_table(
        'session_seat_pool',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=True),
        sa.Column('confirmed_count', sa.Integer(), server_default='0', nullable=False),
        sa.Column('waitlist_counter', sa.BigInteger(), server_default='0', nullable=False),
        sa.CheckConstraint(MODE_KNOWN, name=op.f('ck_session_seat_pool_mode_known')),
        sa.CheckConstraint('capacity IS NULL OR capacity >= 0',
                           name=op.f('ck_session_seat_pool_capacity_not_negative')),
        sa.CheckConstraint('confirmed_count >= 0',
                           name=op.f('ck_session_seat_pool_confirmed_not_negative')),
        sa.CheckConstraint('capacity IS NULL OR confirmed_count <= capacity',
                           name=op.f('ck_session_seat_pool_confirmed_within_capacity')),
        sa.ForeignKeyConstraint(['session_id'], ['event_session.id'],
                                name=op.f('fk_session_seat_pool_session_id_event_session'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_seat_pool')),
        sa.UniqueConstraint('session_id', 'mode',
                            name=op.f('uq_session_seat_pool_session_id')),
    )
    op.create_table(
        'registration_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('waitlist_rank', sa.BigInteger(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(STATUS_KNOWN, name=op.f('ck_registration_session_status_known')),
        sa.CheckConstraint("status <> 'waitlisted' OR waitlist_rank IS NOT NULL",
                           name=op.f('ck_registration_session_waitlisted_has_rank')),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_registration_session_registration_id_registration'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['event_session.id'],
                                name=op.f('fk_registration_session_session_id_event_session'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_session')),
        sa.UniqueConstraint('registration_id', 'session_id',
                            name=op.f('uq_registration_session_registration_id')),
    )
    op.create_index('ix_registration_session_queue', 'registration_session',
                    ['session_id', 'status', 'waitlist_rank'], unique=False)
    op.create_index(op.f('ix_registration_session_registration_id'), 'registration_session',
                    ['registration_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_registration_session_registration_id'),
                  table_name='registration_session')
    op.drop_index('ix_registration_session_queue', table_name='registration_session')
    op.drop_table('registration_session')
    op.drop_table('session_seat_pool')
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.drop_column('cancellation_deadline')
        batch_op.drop_column('registration_closes_at')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_event_session_choice_known'), type_='check')
        batch_op.drop_column('session_choice')
