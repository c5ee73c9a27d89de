"""The published tables: editors, sign-ins, versions and their rows, shared uploads.

Revision ID: 0001
Revises:
"""

from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "editors",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("province", sa.String(2), nullable=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("locked_until", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "sign_ins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("editor", sa.String(80), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("rollback_to", sa.Integer, nullable=True),
        sa.Column("row_count", sa.Integer, nullable=False),
        sqlite_autoincrement=True,  # a version number once given is never given again
    )
    op.create_table(
        "version_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), nullable=False),
        sa.Column("row", sa.Text, nullable=False),
    )
    op.create_index("ix_version_rows_version", "version_rows", ["version"])
    op.create_table(
        "shares",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
    )
    op.create_index("ix_shares_visitor", "shares", ["visitor"])


def downgrade() -> None:
    for table in ("shares", "version_rows", "versions", "sign_ins", "editors"):
        op.drop_table(table)
