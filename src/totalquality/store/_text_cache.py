"""Embeddings kept in the store's ``text_cache`` table: each text is embedded once.

A mutable mapping (what :class:`totalquality.understand.TextEmbedder` takes as its cache)
from the text's key to float16 vector bytes. Reads go to the table; writes wait in memory
and are written in one transaction by :meth:`StoreTextCache.commit`, so embedding a
thousand sentences costs one commit, not a thousand.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

import sqlalchemy as sa

from ._models import TextCache, utcnow
from ._workspace import Workspace


class StoreTextCache(MutableMapping[str, bytes]):
    """Embedding cache in the workspace store; ``model`` names the embedding model."""

    def __init__(self, workspace: Workspace, model: str) -> None:
        self.engine = workspace.engine
        self.model = model
        self._pending: dict[str, bytes] = {}
        self._table: sa.Table = TextCache.__table__  # type: ignore[assignment]

    def _select(self, key: str) -> bytes | None:
        query = sa.select(self._table.c.embedding).where(
            self._table.c.text_hash == key,
            self._table.c.embedding.is_not(None),
        )
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar()
        return None if value is None else bytes(value)

    def __getitem__(self, key: str) -> bytes:
        if key in self._pending:
            return self._pending[key]
        value = self._select(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: bytes) -> None:
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        self._pending.pop(key, None)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(self._table).where(self._table.c.text_hash == key))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._pending or self._select(key) is not None)

    def __iter__(self) -> Iterator[str]:
        with self.engine.connect() as conn:
            stored = conn.execute(sa.select(self._table.c.text_hash)).scalars().all()
        return iter(dict.fromkeys([*stored, *self._pending]))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def commit(self) -> None:
        """Write the new embeddings in one transaction (a text already stored is kept)."""
        if not self._pending:
            return
        now = utcnow()
        rows = [
            {"text_hash": k, "embedding": v, "model": self.model, "created_at": now}
            for k, v in self._pending.items()
        ]
        keys = list(self._pending)
        with self.engine.begin() as conn:
            known: set[str] = set()
            for start in range(0, len(keys), 500):  # within any database's parameter limit
                chunk = keys[start : start + 500]
                column = self._table.c.text_hash
                known.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
            fresh = [r for r in rows if r["text_hash"] not in known]
            if fresh:
                conn.execute(sa.insert(self._table), fresh)
        self._pending.clear()
