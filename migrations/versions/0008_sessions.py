"""sessions: session version, lockout, forced password change; token scope and expiry

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 10:00:00

Existing tokens keep working for 30 days from the upgrade, with the check-in scope (what
door scanners, their main use, need); their holders make new ones with the scope they want.
"""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=16), server_default='read',
                                      nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    expiry = (datetime.now(timezone.utc) + timedelta(days=30)).replace(tzinfo=None)
    op.execute(sa.text("UPDATE api_token SET scope = 'checkin', expires_at = :expiry")
               .bindparams(expiry=expiry))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_api_token_scope_known'),
                                         "scope IN ('checkin', 'export', 'read')")


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_api_token_scope_known'), type_='check')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('scope')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('session_version')
