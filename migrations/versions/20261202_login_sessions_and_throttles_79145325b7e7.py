"""accounts: login sessions kept on the server, sign-in throttles instead of account lock-out

Revision ID: 79145325b7e7
Revises: 5a0e3c1b9d27
Create Date: 2026-12-02 07:30:04.486708

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '79145325b7e7'
down_revision = '5a0e3c1b9d27'
branch_labels = None
depends_on = None

# Sessions used to be 'user id:session_version'; lock-out counted on the account. Both go.
def _old_user_columns():
    return (
        sa.Column('session_version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.Column('failed_logins', sa.Integer(), server_default=sa.text('0'), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    )


def upgrade():
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('remembered', sa.Boolean(), nullable=False),
    sa.Column('device', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_login_sessions_key_hash'))
    )
    op.create_index(op.f('ix_login_sessions_user_id'), 'login_sessions', ['user_id'], unique=False)
    # Not in batch mode: on SQLite that copies and drops `users`, which every table that
    # points at a person forbids. SQLite (3.35+) drops a plain column in place.
    for column in _old_user_columns():
        op.drop_column('users', column.name)


def downgrade():
    # Every session ends with the downgrade: the old session ids cannot be rebuilt.
    for column in _old_user_columns():
        op.add_column('users', column)
    op.drop_index(op.f('ix_login_sessions_user_id'), table_name='login_sessions')
    op.drop_table('login_sessions')
    op.drop_table('login_throttles')
