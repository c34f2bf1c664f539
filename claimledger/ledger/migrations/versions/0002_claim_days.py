"""Per-claim days and the article's date on each claim, with indexes for the common filter + sort pairs.

``day`` is the claim's first day (its when.start, else its when.end, else the article's date) and ``day_end``
its last; a period filter becomes two index range scans instead of a scan of every claim joined to its
article (the day indexes also hold status, date, low and party: a page's keys come from the index alone).
``published`` copies the article's date (articles never change) so sorting by it needs no join.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_claims_published", ["published", "pk"]),
    ("ix_claims_day", ["day", "status", "published", "low", "party"]),
    ("ix_claims_category_published", ["category", "published", "pk"]),
    ("ix_claims_category_low", ["category", "low", "pk"]),
    ("ix_claims_category_day", ["category", "day", "status", "published", "low", "party"]),
)


def upgrade() -> None:
    for name in ("published", "day", "day_end"):
        op.add_column("claims", sa.Column(name, sa.String(length=10), nullable=True))
    published = "(SELECT articles.published FROM articles WHERE articles.id = claims.article_id)"
    op.execute(f"UPDATE claims SET published = {published}")
    op.execute(
        "UPDATE claims SET day = COALESCE(when_start, when_end, published), "
        "day_end = COALESCE(when_end, when_start, published)"
    )
    for name, columns in INDEXES:
        op.create_index(name, "claims", columns)
    ranged = sa.text("day_end > day")
    op.create_index("ix_claims_ranged", "claims", ["category", "day_end"], sqlite_where=ranged, postgresql_where=ranged)
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_claims_ranged", table_name="claims")
    for name, _ in INDEXES:
        op.drop_index(name, table_name="claims")
    with op.batch_alter_table("claims") as batch_op:
        for name in ("day_end", "day", "published"):
            batch_op.drop_column(name)
