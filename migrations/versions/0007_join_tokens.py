"""join tokens: a random join link per registration and session, apart from the personal token

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    join_link = op.create_table(
        'join_link',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['event_session.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('registration_id', 'session_id'),
        sa.UniqueConstraint('token'),
    )
    with op.batch_alter_table('join_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_link_session_id'), ['session_id'], unique=False)
    # Every existing registration gets its links; the old /delta/<personal token>/ links stop.
    rows = op.get_bind().execute(sa.text(
        "SELECT r.id, s.id FROM registration r JOIN event_session s ON s.event_id = r.event_id"))
    links = [{'registration_id': r, 'session_id': s, 'token': secrets.token_urlsafe(24)}
             for r, s in rows]
    if links:
        op.bulk_insert(join_link, links)


def downgrade():
    with op.batch_alter_table('join_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_link_session_id'))
    op.drop_table('join_link')
