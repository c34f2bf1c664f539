"""A period index led by category and status, found measuring the claims API at a million claims.

A page with a status and a 30-day period walked ``(category, day)`` over the period's ~7,000 entries and tested
each one's status: 1-2 ms of PostgreSQL's CPU per page (index entries, visibility checks, the sort). Led by
``(category, status, day)`` the walk reads the status's sixth of them. It carries the same covered columns as the
other day indexes, so the page's keys come from the index alone.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index(
        "ix_claims_category_status_day", "claims", ["category", "status", "day", "published", "low", "party", "pk"]
    )
    op.execute("ANALYZE claims")


def downgrade() -> None:
    op.drop_index("ix_claims_category_status_day", table_name="claims")
