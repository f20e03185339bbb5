"""groups: registrations made together by a contact person («Meld på flere»)

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-28 22:20:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0009'
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
    with op.batch_alter_table('registration', schema=None) as batch_op:
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
    op.drop_index(op.f('ix_registration_group_event_id'), table_name='registration_group')
    op.drop_table('registration_group')
