"""course tracks: levels, event level and prerequisite, completion with its kursbevis

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 22:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    track = op.create_table(
        'course_track',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_track')),
        sa.UniqueConstraint('slug', name=op.f('uq_course_track_slug')),
    )
    level = op.create_table(
        'course_level',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('track_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.CheckConstraint('number >= 1', name=op.f('ck_course_level_number_positive')),
        sa.ForeignKeyConstraint(['track_id'], ['course_track.id'],
                                name=op.f('fk_course_level_track_id_course_track'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_level')),
        sa.UniqueConstraint('track_id', 'number', name=op.f('uq_course_level_track_id')),
    )
    op.create_table(
        'course_completion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('level_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('email_normalized', sa.String(length=254), nullable=False),
        sa.Column('person_key', sa.String(length=64), nullable=False),
        sa.Column('kommunenummer', sa.String(length=4), nullable=False),
        sa.Column('completed_on', sa.DateTime(), nullable=False),
        sa.Column('method', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
        sa.Column('certificate_code', sa.String(length=32), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('withdrawn_reason', sa.String(length=500), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('by_user_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("method IN ('attendance', 'manual')",
                           name=op.f('ck_course_completion_method_known')),
        sa.ForeignKeyConstraint(['level_id'], ['course_level.id'],
                                name=op.f('fk_course_completion_level_id_course_level'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_course_completion_event_id_event'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_course_completion_registration_id_registration'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['by_user_id'], ['user_account.id'],
                                name=op.f('fk_course_completion_by_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_completion')),
        sa.UniqueConstraint('registration_id', name=op.f('uq_course_completion_registration_id')),
        sa.UniqueConstraint('certificate_code',
                            name=op.f('uq_course_completion_certificate_code')),
    )
    for column in ('level_id', 'event_id', 'email_normalized', 'person_key', 'kommunenummer'):
        op.create_index(op.f(f'ix_course_completion_{column}'), 'course_completion', [column],
                        unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('requires_previous', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('certificate_signer', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_event_level_id'), ['level_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_level_id_course_level'),
                                    'course_level', ['level_id'], ['id'], ondelete='RESTRICT')

    # The first track ships with the app: KlinObsKommune's three instructor levels.
    op.bulk_insert(track, [{'id': 1, 'slug': 'klinobs', 'name': 'KlinObs'}])
    op.bulk_insert(level, [
        {'id': 1, 'track_id': 1, 'number': 1, 'title': 'Grunnleggende ferdigheter'},
        {'id': 2, 'track_id': 1, 'number': 2, 'title': 'K-HLR'},
        {'id': 3, 'track_id': 1, 'number': 3, 'title': 'ProACT'},
    ])
    if op.get_bind().dialect.name == 'postgresql':  # explicit ids: move the sequences on
        op.execute("SELECT setval('course_track_id_seq', (SELECT max(id) FROM course_track))")
        op.execute("SELECT setval('course_level_id_seq', (SELECT max(id) FROM course_level))")


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_level_id_course_level'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_level_id'))
        batch_op.drop_column('certificate_signer')
        batch_op.drop_column('requires_previous')
        batch_op.drop_column('level_id')
    op.drop_table('course_completion')
    op.drop_table('course_level')
    op.drop_table('course_track')
