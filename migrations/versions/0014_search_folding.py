"""search folding: registrations' name and workplace in a folded spelling for searching

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 22:40:00

SQLite's lower() folds only A–Z, so «øyvind» never found «Øyvind»; and neither database
ignores accents the way people type. The folded copies are written by the application
(registration/core/folding.py) on every insert and update; this migration fills them for the
rows that exist.
"""
from alembic import op
import sqlalchemy as sa

from registration.core.folding import fold


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_folded', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('workplace_folded', sa.String(length=150),
                                      nullable=False, server_default=''))
    connection = op.get_bind()
    table = sa.table('registration', sa.column('id', sa.Integer),
                     sa.column('name', sa.String), sa.column('workplace', sa.String),
                     sa.column('name_folded', sa.String),
                     sa.column('workplace_folded', sa.String))
    rows = connection.execute(sa.select(table.c.id, table.c.name, table.c.workplace)).all()
    for row_id, name, workplace in rows:
        connection.execute(table.update().where(table.c.id == row_id).values(
            name_folded=fold(name)[:120], workplace_folded=fold(workplace)[:150]))


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('workplace_folded')
        batch_op.drop_column('name_folded')
