"""Corroboration tables: engine state, corroborated articles (near-duplicate entries) and claim groups.

Models in claimledger/corroborate/models.py. It follows the web app's revision so the ledger keeps one head
(tools and tests that expect a single ``alembic_version`` row keep working).

Revision ID: corroborate_0001
Revises: web_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "corroborate_0001"
down_revision: str | None = "web_0001"
branch_labels: tuple[str, ...] | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "corroboration_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("next_group", sa.Integer(), nullable=False),
        sa.Column("neardup", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "corroboration_articles",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("parent", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_corroboration_articles_position", "corroboration_articles", ["position"])
    op.create_table(
        "corroboration_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("as_of", sa.Boolean(), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=True),
        sa.Column("period_start", sa.String(length=10), nullable=True),
        sa.Column("period_end", sa.String(length=10), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_corroboration_groups_number", "corroboration_groups", ["number"])
    op.create_index("ix_corroboration_groups_category", "corroboration_groups", ["category"])
    op.create_index("ix_corroboration_groups_party", "corroboration_groups", ["party"])
    op.create_index("ix_corroboration_groups_period_start", "corroboration_groups", ["period_start"])


def downgrade() -> None:
    op.drop_table("corroboration_groups")
    op.drop_table("corroboration_articles")
    op.drop_table("corroboration_state")
