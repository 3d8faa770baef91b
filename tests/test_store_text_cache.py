"""Embeddings are kept in the store's text_cache table: computed once per text (issue 5)."""

from __future__ import annotations

import numpy as np

from totalquality.store import StoreTextCache, init_workspace, open_workspace
from totalquality.understand._embed import MODEL_ID, TextEmbedder


def test_embeddings_are_written_once_and_read_back(tmp_path):
    vec = np.arange(4, dtype=np.float16).tobytes()
    with init_workspace(tmp_path / "ws") as ws:
        cache = StoreTextCache(ws, MODEL_ID)
        cache["k1"] = vec
        assert "k1" in cache and cache["k1"] == vec  # visible before the commit
        cache.commit()
        cache["k1"] = vec  # the same text again: kept once
        cache["k2"] = vec
        cache.commit()
    with open_workspace(tmp_path / "ws") as ws:
        again = StoreTextCache(ws, MODEL_ID)
        assert sorted(again) == ["k1", "k2"] and len(again) == 2
        assert again["k2"] == vec and "k3" not in again
        del again["k1"]
        assert list(again) == ["k2"]


def test_an_embedder_through_the_store_embeds_each_text_once(tmp_path):
    with init_workspace(tmp_path / "ws") as ws:
        first = TextEmbedder(StoreTextCache(ws, MODEL_ID))
        a = first.embed(["The battery is swollen.", "Aku on paistes."])
        first.cache.commit()  # type: ignore[attr-defined]
        assert first.computed == 2
    with open_workspace(tmp_path / "ws") as ws:
        second = TextEmbedder(StoreTextCache(ws, MODEL_ID))
        b = second.embed(["Aku on paistes.", "The battery is swollen."])
        assert second.computed == 0  # both read from the store
        np.testing.assert_array_equal(a[::-1], b)
