"""Didban (دیدبان): Persian news, read.

``import didban`` stays light: the reading pipeline and its resources load on first use.

>>> import didban
>>> didban.SCHEMA
'didban.article/1'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from didban.article import SCHEMA, Article

if TYPE_CHECKING:
    from didban.read.pipeline import analyze, analyze_document, analyze_documents

__all__ = ["SCHEMA", "Article", "analyze", "analyze_document", "analyze_documents"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("analyze", "analyze_document", "analyze_documents"):
        from didban.read import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'didban' has no attribute {name!r}")
