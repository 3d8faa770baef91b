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


def test_the_topic_table_with_user_edits_round_trips_through_the_store(tmp_path):
    import pandas as pd

    from totalquality.store import load_topic_table, save_topic_table
    from totalquality.understand import merge_topics, rename_topic

    table = pd.DataFrame(
        {
            "topic_id": ["T01", "T02", "T03"],
            "name": [None, None, None],
            "label": ["battery · swell", "screen · gap", "bezel · frame"],
            "volume": [40, 30, 20],
            "share": [0.4, 0.3, 0.2],
            "sentiment": [-0.6, -0.4, -0.5],
            "negative_share": [0.8, 0.6, 0.7],
            "trend": ["rising", "flat", "flat"],
            "trend_p_value": [0.01, 0.5, 0.6],
            "pinned": [False, False, False],
            "requirement_id": [None, None, None],
            "stage_id": [None, None, None],
            "merged_into": [None, None, None],
            "split_into": [None, None, None],
            "parent_id": [None, None, None],
        }
    )
    edited = merge_topics(rename_topic(table, "T01", "Battery swelling"), ["T02", "T03"])
    with init_workspace(tmp_path / "ws") as ws:
        assert load_topic_table(ws) is None
        save_topic_table(ws, edited)
        save_topic_table(ws, edited)  # saving again replaces, never duplicates
    with open_workspace(tmp_path / "ws") as ws:
        back = load_topic_table(ws)
    assert back is not None
    assert list(back["topic_id"]) == list(edited["topic_id"])
    assert back.set_index("topic_id").loc["T01", "name"] == "Battery swelling"
    merged = edited.set_index("topic_id")["merged_into"].dropna().to_dict()
    assert merged and back.set_index("topic_id")["merged_into"].dropna().to_dict() == merged
