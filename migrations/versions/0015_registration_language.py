"""registration language: the interface language at registration, which its mails follow

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False,
                                      server_default='nb'))
        batch_op.create_check_constraint(batch_op.f('ck_registration_language_known'),
                                         "language IN ('nb', 'en')")


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_registration_language_known'), type_='check')
        batch_op.drop_column('language')
