"""The text section for whole workspaces: languages, sentiment, topics, emerging topics.

Reads survey comments (``responses.comment``) and complaints (``complaints.text``); either is
enough. Findings: ``complaint_topic`` for topics that carry many negative complaints, and
``emerging_requirement`` for topics (or terms) whose share rose significantly, with when it
started and the requirement it maps to when one matches. ``results["topic_drivers"]``: which
topics drive NPS and CSAT (relative weights of the topics the scored comments mention).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._errors import SmallSampleWarning, TotalQualityError
from .._findings import Finding
from .._section import SectionResult
from .._tables import TableSource
from ..measure._drivers import DriverResult
from ..measure._plots_satisfaction import driver_bars_figure
from ._boilerplate import content_text
from ._embed import TextEmbedder
from ._emerging import EmergingResult, emerging_items, emerging_terms
from ._language import FIRST_CLASS_LANGUAGES, detect_languages
from ._normalise import Normaliser, lemmatise, tokenize
from ._plots_text import (
    emerging_figure,
    languages_figure,
    sentiment_by_segment_figure,
    topics_figure,
)
from ._sentiment import (
    LexiconSentiment,
    SentimentModel,
    label_scores,
    labels_from_scores,
)
from ._topic_drivers import topic_driver_records, topic_drivers
from ._topics import TopicModel, resolve_merges, split_sentences

SECTION = "text"
_EDIT_COLUMNS = ("name", "pinned", "requirement_id", "stage_id", "merged_into")


def _corpus(tables: TableSource) -> tuple[pd.DataFrame, list[str]]:
    """One frame of texts: comments and complaints with date, language, scores, segment."""
    parts: list[pd.DataFrame] = []
    missing: list[str] = []
    if tables.has("responses"):
        r = tables.pandas("responses")
        if "comment" in r.columns:
            r = r[r["comment"].notna() & (r["comment"].astype(str).str.strip() != "")]
            parts.append(
                pd.DataFrame(
                    {
                        "source": "comment",
                        "source_id": r["response_id"].astype(str).to_numpy(),
                        "text": r["comment"].astype(str).to_numpy(),
                        "date": r["answered_at"].to_numpy(),
                        "given_language": r.get("language", pd.Series(index=r.index)).to_numpy(),
                        "customer_id": r.get("customer_id", pd.Series(index=r.index)).to_numpy(),
                        "product_id": r.get("product_id", pd.Series(index=r.index)).to_numpy(),
                        "nps": r.get("nps", pd.Series(index=r.index)).to_numpy(),
                        "csat": r.get("csat", pd.Series(index=r.index)).to_numpy(),
                    }
                )
            )
    else:
        missing.append("responses")
    if tables.has("complaints"):
        c = tables.pandas("complaints")
        c = c[c["text"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "source": "complaint",
                    "source_id": c["complaint_id"].astype(str).to_numpy(),
                    "text": c["text"].astype(str).to_numpy(),
                    "date": c["received_at"].to_numpy(),
                    "given_language": c.get("language", pd.Series(index=c.index)).to_numpy(),
                    "customer_id": c.get("customer_id", pd.Series(index=c.index)).to_numpy(),
                    "product_id": c.get("product_id", pd.Series(index=c.index)).to_numpy(),
                }
            )
        )
    else:
        missing.append("complaints")
    if not parts:
        return pd.DataFrame(), missing
    corpus = pd.concat(parts, ignore_index=True)
    corpus["date"] = pd.to_datetime(corpus["date"], errors="coerce", utc=True).dt.tz_localize(None)
    for col in ("nps", "csat"):
        if col not in corpus:
            corpus[col] = np.nan
        corpus[col] = pd.to_numeric(corpus[col], errors="coerce")
    corpus["segment"] = None
    if tables.has("customers"):
        cust = tables.pandas("customers")
        if "segment" in cust.columns:
            seg = dict(zip(cust["customer_id"].astype(str), cust["segment"], strict=False))
            corpus["segment"] = corpus["customer_id"].astype(str).map(seg)
    return corpus, missing


def _by(frame: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    ok = frame[frame[key].notna() & frame["sentiment"].notna()]
    if ok.empty:
        return []
    g = ok.groupby(key)
    out = pd.DataFrame(
        {
            "n": g.size(),
            "mean_sentiment": g["sentiment"].mean(),
            "negative_share": g["sentiment_label"].apply(lambda s: float((s == "negative").mean())),
            "positive_share": g["sentiment_label"].apply(lambda s: float((s == "positive").mean())),
        }
    ).reset_index()
    out[key] = out[key].astype(str)
    return list(out.to_dict(orient="records"))


def _requirement_terms(tables: TableSource) -> dict[str, set[str]]:
    """Lemmas of every requirement name (English names assumed; tokens kept as well)."""
    if not tables.has("requirements"):
        return {}
    req = tables.pandas("requirements")
    out: dict[str, set[str]] = {}
    for rid, name in zip(req["requirement_id"].astype(str), req["name"].astype(str), strict=True):
        tokens = [t for t in tokenize(name) if len(t) > 2]
        out[rid] = set(tokens) | set(lemmatise(tokens, "en"))
    return out


def _match_requirement(terms: Sequence[str], req_terms: dict[str, set[str]]) -> str | None:
    best: tuple[int, str] | None = None
    wanted = {t.lower() for t in terms}
    for rid, words in req_terms.items():
        hits = len(wanted & words)
        if hits and (best is None or hits > best[0]):
            best = (hits, rid)
    return best[1] if best else None


def _apply_edits(table: pd.DataFrame, edits: pd.DataFrame | None) -> pd.DataFrame:
    """Carry user edits (names, pins, mappings, merges) over to a freshly described table."""
    if edits is None or edits.empty:
        return table
    out = table.copy()
    keyed = edits.set_index(edits["topic_id"].astype(str))
    for col in _EDIT_COLUMNS:
        if col not in keyed:
            continue
        values = out["topic_id"].astype(str).map(keyed[col].to_dict())
        keep = values.notna() & (values.astype(str) != "") & (values.astype(str) != "False")
        out[col] = out[col].astype(object)
        out.loc[keep, col] = values[keep]
    extra = edits[~edits["topic_id"].astype(str).isin(out["topic_id"].astype(str))]
    if not extra.empty:  # topics created by splits
        out = pd.concat([out, extra], ignore_index=True)
    return out


def run_section(tables: TableSource, **options: Any) -> SectionResult:
    """Languages, sentiment by segment, topics with examples and emerging topics.

    Options: ``languages`` (first-class set for language id), ``embed_limit`` (distinct
    sentences embedded to discover topics; default 1500), ``embedding_cache`` (mutable
    mapping for embeddings, e.g. the store's text cache), ``n_topics``, ``topic_model``
    (an already fitted :class:`TopicModel`: only assign), ``topic_edits`` (the user-edited
    topic table), ``progress`` (callable(step, done, total)), ``fdr`` (emerging, 0.05),
    ``min_support`` (emerging, 10), ``recent_weeks`` (emerging, 26), ``random_state``,
    ``on_topic_model`` (callable receiving a newly fitted model, e.g. to keep it),
    ``n_boot`` (bootstrap replicates of the topic drivers' intervals, 200).
    """
    timings: dict[str, float] = {}
    notes: list[str] = []
    t0 = time.perf_counter()
    corpus, missing = _corpus(tables)
    if corpus.empty:
        return SectionResult(
            name=SECTION,
            summary={"texts": 0},
            warnings=("no comments or complaints to analyse",),
            missing_tables=tuple(missing) if len(missing) == 2 else (),
        )
    languages = tuple(options.get("languages", FIRST_CLASS_LANGUAGES))
    progress: Callable[[str, int, int], None] | None = options.get("progress")

    # 1. languages
    lang = detect_languages(
        corpus["text"].tolist(), given=corpus["given_language"], languages=languages
    )
    corpus["language"] = lang["language"].to_numpy()
    corpus["language_confidence"] = lang["confidence"].to_numpy()
    lang_counts = {str(k): int(v) for k, v in corpus["language"].value_counts().items()}
    timings["language"] = time.perf_counter() - t0

    # 2. sentiment: the organisation's own labels where possible, else the shipped lexicon
    t = time.perf_counter()
    texts = corpus["text"].tolist()
    langs = corpus["language"].tolist()
    labels = labels_from_scores(corpus["nps"], corpus["csat"])
    labels[corpus["source"].to_numpy() != "comment"] = None
    quality: dict[str, Any] | None = None
    model: SentimentModel | None = None
    n_pos, n_neg = int((labels == "pos").sum()), int((labels == "neg").sum())
    min_per_class = int(options.get("sentiment_min_per_class", 50))
    if min(n_pos, n_neg) >= min_per_class:
        model = SentimentModel(features="char", min_per_class=min_per_class)
        model.fit(texts, list(labels), langs)
        quality = model.result_.to_dict()
        scores = model.predict_score(texts, langs)
        method = "organisation"
    else:
        scores = LexiconSentiment().score(texts, langs)
        method = "lexicon"
        notes.append(
            f"only {n_pos} positive and {n_neg} negative comments carry an NPS/CSAT score; "
            "sentiment uses the shipped lexicon"
        )
    corpus["sentiment"] = scores
    corpus["sentiment_label"] = label_scores(scores)
    corpus["month"] = corpus["date"].dt.to_period("M").astype(str).where(corpus["date"].notna())
    by_segment = {
        key: _by(corpus, key) for key in ("segment", "language", "source", "product_id", "month")
    }
    timings["sentiment"] = time.perf_counter() - t

    def sentence_sentiment(sentences: list[str], sentence_langs: list[str]) -> np.ndarray:
        if model is not None:
            return model.predict_score(sentences, sentence_langs)
        return LexiconSentiment().score(sentences, sentence_langs)

    # 3. topics
    t = time.perf_counter()
    topic_model: TopicModel | None = options.get("topic_model")
    embedder = TextEmbedder(options.get("embedding_cache"))
    topic_table: pd.DataFrame | None = None
    topics_result: dict[str, Any] = {}
    doc_topics: list[tuple[str, ...]] = [() for _ in texts]
    try:
        if topic_model is None:
            topic_model = TopicModel(
                n_topics=options.get("n_topics"),
                sample_size=int(options.get("embed_limit", 1500)),
                languages=languages,
                random_state=int(options.get("random_state", 0)),
            )
            embed_progress = (lambda d, n: progress("embedding", d, n)) if progress else None
            topic_model.fit(
                texts,
                langs,
                embedder=embedder,
                dates=corpus["date"],
                sentiment=sentence_sentiment,
                progress=embed_progress,
            )
            if options.get("on_topic_model") is not None:
                options["on_topic_model"](topic_model)
        # Texts are assigned the one way a kept model assigns them later, so the first
        # analysis and every repeated one (tq demo, tq analyze, tq serve) give the same numbers.
        assigned = topic_model.assign(texts, langs)
        primary = assigned["topic_id"]
        doc_topics = list(assigned["topics"])
        topic_table = topic_model.topic_table_
        # labels, key terms and examples of the topics as the model discovered them
        topics_result = topic_model.result_.to_dict()
        topic_table = _apply_edits(topic_table, options.get("topic_edits"))
        primary = resolve_merges(primary, topic_table)
        doc_topics = [
            tuple(dict.fromkeys(resolve_merges(list(ts), topic_table))) for ts in doc_topics
        ]
    except Exception as exc:  # degrade gracefully: the rest of the section still runs
        if not isinstance(exc, TotalQualityError):
            raise
        notes.append(f"topics not computed: {exc}")
        primary = pd.Series([None] * len(texts), dtype=object)
    corpus["topic_id"] = primary.to_numpy()
    timings["topics"] = time.perf_counter() - t

    # 4. emerging terms and topics
    t = time.perf_counter()
    emerge_opts: dict[str, Any] = {
        "fdr": float(options.get("fdr", 0.05)),
        "min_support": int(options.get("min_support", 10)),
        "recent_weeks": int(options.get("recent_weeks", 26)),
    }
    dated = corpus["date"].notna().to_numpy()
    # letter conventions ("Dear team", "Sent from my iPhone") are no emerging requirement
    lemmas = Normaliser().fit_transform([content_text(split_sentences(t)) for t in texts], langs)
    terms_res: EmergingResult = emerging_terms(
        [lemmas[i] for i in np.flatnonzero(dated)],
        [langs[i] for i in np.flatnonzero(dated)],
        corpus.loc[dated, "date"].tolist(),
        **emerge_opts,
    )
    topics_emerging: EmergingResult | None = None
    if topic_table is not None:
        topics_emerging = emerging_items(
            [list(doc_topics[i]) for i in np.flatnonzero(dated)],
            corpus.loc[dated, "date"].tolist(),
            kind="topic",
            **emerge_opts,
        )
    notes.extend(terms_res.warnings)
    timings["emerging"] = time.perf_counter() - t

    # 5. findings
    req_terms = _requirement_terms(tables)
    findings: list[Finding] = []
    topic_rows: list[dict[str, Any]] = []
    topic_info = {tp["topic_id"]: tp for tp in topics_result.get("topics", [])}
    if topic_table is not None:
        complaints = corpus["source"].to_numpy() == "complaint"
        n_complaints = int(complaints.sum())
        for _, row in topic_table.iterrows():
            tid = str(row["topic_id"])
            if row.get("merged_into") not in (None, np.nan) and isinstance(
                row.get("merged_into"), str
            ):
                continue
            mentions = np.array([tid in ts for ts in doc_topics], dtype=bool)
            n_c = int((mentions & complaints).sum())
            info = topic_info.get(tid, {})
            terms_all = [w for ws in (info.get("terms") or {}).values() for w in ws]
            requirement = (
                row.get("requirement_id") if isinstance(row.get("requirement_id"), str) else None
            )
            requirement = requirement or _match_requirement(terms_all, req_terms)
            entry = {
                "topic_id": tid,
                "name": row["name"] if isinstance(row.get("name"), str) else row["label"],
                "named": isinstance(row.get("name"), str),  # named by the user
                "labels": info.get("labels", {}),
                "terms": info.get("terms", {}),
                "examples": info.get("examples", {}),
                "complaint_examples": _negative_examples(corpus, mentions & complaints),
                "volume": int(mentions.sum()),
                "complaints": n_c,
                "sentiment": row.get("sentiment"),
                "negative_share": row.get("negative_share"),
                "trend": row.get("trend"),
                "monthly": info.get("monthly", {}),
                "pinned": bool(row.get("pinned") is True),
                "requirement_id": requirement,
                "stage_id": row.get("stage_id") if isinstance(row.get("stage_id"), str) else None,
            }
            topic_rows.append(entry)
            neg = row.get("negative_share")
            neg = (
                float(neg)
                if neg is not None and not (isinstance(neg, float) and math.isnan(neg))
                else 0.0
            )
            if n_complaints and n_c >= max(5, 0.03 * n_complaints) and neg >= 0.4:
                related = {
                    k: v
                    for k, v in (("requirement", requirement), ("stage", entry["stage_id"]))
                    if v
                }
                findings.append(
                    Finding(
                        kind="complaint_topic",
                        subject_type="topic",
                        subject_id=tid,
                        title=f"Complaints about {entry['name']}: {n_c} of {n_complaints} complaints",
                        action=f"Investigate the root cause of '{entry['name']}' complaints "
                        "and contain it at the stage that causes it.",
                        evidence={
                            "complaints": n_c,
                            "complaint_share": n_c / n_complaints,
                            "negative_share": neg,
                            "sentiment": entry["sentiment"],
                            "trend": entry["trend"],
                            "terms": entry["terms"],
                            "examples": entry["complaint_examples"],
                        },
                        impact={"complaints": n_c, "texts": entry["volume"]},
                        confidence=float(min(0.95, 1 - 1 / math.sqrt(n_c + 1))),
                        severity=float(min(1.0, 0.5 * neg + 2 * n_c / n_complaints)),
                        source="text_topics",
                        # a Pareto of complaint topics, not a test: a watch item
                        significant=False,
                        related=related,
                    )
                )
    topic_rows.sort(key=lambda e: (not e["pinned"], -e["volume"]))

    # 6. which topics drive the scores of the respondents who wrote about them
    t = time.perf_counter()
    drivers_by_target: dict[str, DriverResult] = {}
    topic_names = {row["topic_id"]: row["name"] for row in topic_rows}
    if topic_rows:
        commented = np.flatnonzero(corpus["source"].to_numpy() == "comment")
        for target in ("nps", "csat"):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", SmallSampleWarning)  # kept as notes
                    drivers = topic_drivers(
                        [doc_topics[i] for i in commented],
                        corpus[target].to_numpy()[commented],
                        target=target,
                        topics=list(topic_names),
                        n_boot=int(options.get("n_boot", 200)),
                        random_state=int(options.get("random_state", 0)),
                    )
            except TotalQualityError as exc:  # too few scored mentions, collinear topics
                notes.append(f"{exc}")
                continue
            drivers_by_target[target] = drivers
            notes.extend(f"topic drivers of {target}: {w}" for w in drivers.warnings)
    timings["topic_drivers"] = time.perf_counter() - t

    emerging_rows: list[dict[str, Any]] = []
    term_topic: dict[str, str | None] = {}
    for item in terms_res.items:
        rows = [i for i, lem in enumerate(lemmas) if item.item in lem]
        tops = pd.Series([t for i in rows for t in doc_topics[i]], dtype=object).value_counts()
        term_topic[item.item] = str(tops.index[0]) if len(tops) else None
        d = item.to_dict()
        d["topic_id"] = term_topic[item.item]
        d["requirement_id"] = _match_requirement([item.item], req_terms)
        emerging_rows.append(d)
    if topics_emerging is not None:
        for item in topics_emerging.items:
            d = item.to_dict()
            info = topic_info.get(item.item, {})
            terms_all = [w for ws in (info.get("terms") or {}).values() for w in ws]
            d["topic_id"] = item.item
            d["labels"] = info.get("labels", {})
            d["requirement_id"] = _match_requirement(terms_all, req_terms)
            emerging_rows.append(d)
    reported: set[str] = set()
    for d in sorted(emerging_rows, key=lambda e: e["q_value"]):
        subject = d.get("topic_id") or d["item"]
        if subject in reported:
            continue
        reported.add(subject)
        names = {row["topic_id"]: row["name"] for row in topic_rows}
        what = (
            d["item"]
            if d["kind"] == "term"
            else (names.get(d["item"]) or topic_info.get(d["item"], {}).get("label") or d["item"])
        )
        links_to: dict[str, str] = {}
        if d.get("topic_id"):
            links_to["topic"] = str(d["topic_id"])
        if d["kind"] == "term":
            links_to["term"] = d["item"]
        requirement = d.get("requirement_id")
        # A burst mostly in complaints about a topic no requirement covers is a growing
        # problem (a symptom to trace), not evidence that what customers expect changed.
        complaint_share = _complaint_share(topic_rows, d.get("topic_id"))
        if requirement:
            kind, stype, sid = "emerging_requirement", "requirement", str(requirement)
            title = f"Customers increasingly write about '{what}' since {d['started']}"
            action = (
                "Customers' expectations are changing: review the requirement, its Kano "
                "category and its target, and decide how to respond."
            )
        elif complaint_share >= 0.5:
            kind, stype, sid = "complaint_topic", "topic" if d.get("topic_id") else "term", subject
            title = f"Complaints about '{what}' are growing since {d['started']}"
            action = "Trace the growing complaints to their products, lots and stages and contain the cause."
        else:
            kind, stype, sid = (
                "emerging_requirement",
                "topic" if d.get("topic_id") else "term",
                subject,
            )
            title = f"Customers increasingly write about '{what}' since {d['started']}"
            action = (
                "Check whether this is a new customer requirement; map it to a requirement "
                "and decide how to respond."
            )
        findings.append(
            Finding(
                kind=kind,
                subject_type=stype,
                subject_id=str(sid),
                title=title,
                action=action,
                evidence={
                    "kind": d["kind"],
                    "item": d["item"],
                    "languages": d.get("languages"),
                    "started": d["started"],
                    "start_week": d["start_week"],
                    "share_recent": d["share_recent"],
                    "share_before": d["share_before"],
                    "count_recent": d["count_recent"],
                    "q_value": d["q_value"],
                    "weekly": d["weekly"],
                    "complaint_share": complaint_share,
                },
                impact={"texts": d["count_recent"]},
                confidence=float(max(0.0, min(0.99, 1 - d["q_value"]))),
                severity=float(min(1.0, 0.3 + 5 * d["share_recent"])),
                source="text_emerging",
                significant=True,
                related=links_to,
            )
        )

    figures = {
        "languages": languages_figure(lang_counts),
        "sentiment_by_segment": sentiment_by_segment_figure(
            by_segment["segment"] or by_segment["language"],
            "segment" if by_segment["segment"] else "language",
        ),
    }
    if topic_table is not None:
        figures["topics"] = topics_figure(topic_table)
    for target, drivers in drivers_by_target.items():
        figures[f"topic_drivers_{target}"] = driver_bars_figure(
            drivers.table, "lmg", topic_names, target.upper(), f"Topics that drive {target.upper()}"
        )
    emerging_sorted = sorted(emerging_rows, key=lambda e: e["q_value"])
    if emerging_sorted:
        figures["emerging"] = emerging_figure(emerging_sorted)

    summary = {
        "texts": len(corpus),
        "comments": int((corpus["source"] == "comment").sum()),
        "complaints": int((corpus["source"] == "complaint").sum()),
        "languages": lang_counts,
        "sentiment_method": method,
        "mean_sentiment": float(np.nanmean(scores)) if np.isfinite(scores).any() else None,
        "topics": len(topic_rows),
        "emerging": [
            {
                "item": d["item"],
                "kind": d["kind"],
                "started": d["started"],
                "topic_id": d.get("topic_id"),
            }
            for d in emerging_sorted
        ],
        "complaint_topics": [f.subject_id for f in findings if f.kind == "complaint_topic"],
    }
    results = {
        "languages": lang_counts,
        "language_sources": {str(k): int(v) for k, v in lang["source"].value_counts().items()},
        "sentiment": {"method": method, "quality": quality, "by": by_segment},
        "topics": topic_rows,
        "topic_model": {k: v for k, v in topics_result.items() if k != "topics"},
        "topic_table": topic_table if topic_table is not None else [],
        "topic_drivers": {
            target: topic_driver_records(drivers, topic_names)
            for target, drivers in drivers_by_target.items()
        },
        "emerging": emerging_sorted,
        "emerging_tested": {
            "terms": terms_res.n_tested,
            "topics": topics_emerging.n_tested if topics_emerging else 0,
            "fdr": emerge_opts["fdr"],
            "weeks": terms_res.n_weeks,
        },
        "embedding": {"computed": embedder.computed, "cached": len(embedder.cache)},
        # for the links step: which topic each complaint is about, and topic names
        "complaint_topics": {
            str(sid): str(tp)
            for src, sid, tp in zip(
                corpus["source"], corpus["source_id"], corpus["topic_id"], strict=True
            )
            if src == "complaint" and isinstance(tp, str)
        },
        "topic_labels": {
            tp["topic_id"]: tp["name"] if tp["named"] else (tp.get("labels") or tp["name"])
            for tp in topic_rows
        },
        # per text, for the store's topic_assignments and for drill-down
        "assignments": [
            {
                "source_table": "responses" if src == "comment" else "complaints",
                "source_id": sid,
                "language": lg,
                "sentiment": sc,
                "topic_id": tp,
                "topics": list(ts),
            }
            for src, sid, lg, sc, tp, ts in zip(
                corpus["source"],
                corpus["source_id"],
                corpus["language"],
                corpus["sentiment"],
                corpus["topic_id"],
                doc_topics,
                strict=True,
            )
        ],
    }
    return SectionResult(
        name=SECTION,
        summary=summary,
        results=results,
        findings=tuple(findings),
        warnings=tuple(notes) + tuple(topics_result.get("warnings", ())),
        figures=figures,
        missing_tables=tuple(missing) if len(missing) == 2 else (),
        timings={k: round(v, 3) for k, v in timings.items()},
    )


def _negative_examples(corpus: pd.DataFrame, rows: np.ndarray, n: int = 3) -> dict[str, list[str]]:
    """What customers complained: up to ``n`` distinct negative texts per language, the most
    negative first (praise and thanks are no example of a complaint)."""
    picked = corpus[rows & (corpus["sentiment_label"] == "negative").to_numpy()]
    out: dict[str, list[str]] = {}
    for lang, grp in picked.sort_values(["sentiment", "source_id"]).groupby("language"):
        texts = [t if len(t) <= 400 else t[:397] + "..." for t in grp["text"].astype(str)]
        out[str(lang)] = list(dict.fromkeys(texts))[:n]
    return out


def _complaint_share(topic_rows: list[dict[str, Any]], topic_id: str | None) -> float:
    """Share of a topic's texts that are complaints (0 when unknown)."""
    for row in topic_rows:
        if row["topic_id"] == topic_id and row["volume"]:
            return float(row["complaints"]) / float(row["volume"])
    return 0.0
