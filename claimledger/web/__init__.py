"""The web app: REST API (/api/v1), map, timeline, claims table, group and article pages, review, accounts."""

from __future__ import annotations

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
