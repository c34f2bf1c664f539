"""Web app: failed login attempts, shared by every server process (models.LoginFailureRow, web/throttle.py).

Revision ID: web_0002
Revises: web_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "web_0002"
down_revision: str | None = "web_0001"
branch_labels: tuple[str, ...] | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])


def downgrade() -> None:
    op.drop_table("login_failures")
