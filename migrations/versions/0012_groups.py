"""groups, own questions, fair shares, series: registrations made together by a contact
person («Meld på flere»); an event's own questions and their answers; a kommune quota; a
series of events

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 22:20:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registration_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=True),
        sa.Column('all_or_nothing', sa.Boolean(), nullable=False),
        sa.Column('contact_name', sa.String(length=120), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_mobile', sa.String(length=32), nullable=False),
        sa.Column('contact_kommunenummer', sa.String(length=4), nullable=False),
        sa.Column('contact_workplace', sa.String(length=150), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('anonymised_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_registration_group_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_group')),
        sa.UniqueConstraint('token', name=op.f('uq_registration_group_token')),
    )
    op.create_index(op.f('ix_registration_group_event_id'), 'registration_group', ['event_id'],
                    unique=False)
    op.create_table(
        'event_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('health', sa.Boolean(), nullable=False),
        sa.Column('options', sa.JSON(), nullable=True),
        sa.CheckConstraint("kind IN ('short_text', 'long_text', 'single', 'multiple', 'yesno')",
                           name=op.f('ck_event_question_kind_known')),
        sa.CheckConstraint('NOT (health AND required)',
                           name=op.f('ck_event_question_health_not_required')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_event_question_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_question')),
    )
    op.create_index(op.f('ix_event_question_event_id'), 'event_question', ['event_id'],
                    unique=False)
    op.create_table(
        'registration_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['event_question.id'],
                                name=op.f('fk_registration_answer_question_id_event_question'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_registration_answer_registration_id_registration'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_answer')),
        sa.UniqueConstraint('registration_id', 'question_id',
                            name=op.f('uq_registration_answer_registration_id')),
    )
    op.create_index(op.f('ix_registration_answer_question_id'), 'registration_answer',
                    ['question_id'], unique=False)
    op.create_index(op.f('ix_registration_answer_registration_id'), 'registration_answer',
                    ['registration_id'], unique=False)
    op.create_table(
        'event_series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'],
                                name=op.f('fk_event_series_owner_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_series')),
    )
    op.create_index(op.f('ix_event_series_owner_id'), 'event_series', ['owner_id'],
                    unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kommune_quota', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_series_id_event_series'),
                                    'event_series', ['series_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waitlist_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('quota_exempt', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registration_group_id'), ['group_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registration_group_id_registration_group'),
                                    'registration_group', ['group_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registration_group_id_registration_group'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registration_group_id'))
        batch_op.drop_column('group_id')
        batch_op.drop_column('quota_exempt')
        batch_op.drop_column('waitlist_reason')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_series_id_event_series'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_series_id'))
        batch_op.drop_column('series_id')
        batch_op.drop_column('kommune_quota')
    op.drop_index(op.f('ix_event_series_owner_id'), table_name='event_series')
    op.drop_table('event_series')
    op.drop_index(op.f('ix_registration_answer_registration_id'),
                  table_name='registration_answer')
    op.drop_index(op.f('ix_registration_answer_question_id'), table_name='registration_answer')
    op.drop_table('registration_answer')
    op.drop_index(op.f('ix_event_question_event_id'), table_name='event_question')
    op.drop_table('event_question')
    op.drop_index(op.f('ix_registration_group_event_id'), table_name='registration_group')
    op.drop_table('registration_group')
