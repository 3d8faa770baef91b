"""Topics across languages: the same problem in Estonian, Polish and English lands in one topic.

Discovery embeds a sample of distinct sentences (multilingual-e5-small, each language's mean
vector removed: raw e5 similarity is dominated by language) and clusters a *sentence graph*
spectrally: every sentence is linked to its nearest sentences in its own language by character
n-grams and embeddings together, and to its nearest sentences in every other language by the
embeddings alone (:func:`sentence_graph`). Single sentence vectors are noisy across languages,
but whole groups line up; the graph lets same-language neighbours carry a sentence to its group.
On the XED translation triples en/et/pl, 55 % land in one of 10 topics against 1 % by chance
(k-means on the centred embeddings: 43 %; ``tests/test_understand_topics.py``). Texts are split
into sentences first: a comment often touches several aspects, and a sentence mostly one;
sentences differing only in case or final punctuation are embedded once (:func:`sentence_key`).

Embedding runs at ~20–35 texts per core-second, too slow to be the only path for 100k texts,
so assignment is *distilled*: a logistic regression on character n-grams learns the clusters of
the embedded sample and assigns every other text (and new texts later) at thousands per second;
its cross-validated agreement with the clusters is reported. Texts whose embeddings are at hand
(cached) are assigned to the nearest centroid instead.

Each topic gets key terms and a readable label per language (class-based TF-IDF over lemmas,
as in BERTopic, Grootendorst 2022), representative comments in their original language, volume,
share, sentiment and trend. User edits (name, merge, split, pin, map to a requirement or stage)
are pure functions on the topic table; keeping them is the store's job.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError, SmallSampleWarning
from ._boilerplate import is_boilerplate, signature_start, strip_boilerplate
from ._embed import TextEmbedder, center_by_language
from ._language import FIRST_CLASS_LANGUAGES, UNKNOWN, detect_languages
from ._normalise import Normaliser, stop_words, tokenize
from ._sentiment import DEFAULT_NEUTRAL_BAND

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
# "Regarding my order 123: The battery ..." - a colon before a capitalised word ends a clause
_COLON_BREAK = re.compile(r"(?<=:)\s+(?=[^\W\d_])")
_DIGITS = re.compile(r"\d+")
_KEY_END = re.compile(r"[\s.!?…]+$")
_SPACES = re.compile(r"\s+")

TOPIC_COLUMNS = (
    "topic_id",
    "name",
    "label",
    "volume",
    "share",
    "sentiment",
    "negative_share",
    "trend",
    "trend_p_value",
    "pinned",
    "requirement_id",
    "stage_id",
    "merged_into",
    "split_into",
    "parent_id",
)


@dataclass(frozen=True)
class Topic(Result):
    """One topic: labels, key terms and examples per language, volume, sentiment, trend."""

    topic_id: str
    label: str
    labels: dict[str, str]
    terms: dict[str, tuple[str, ...]]
    examples: dict[str, tuple[str, ...]]
    volume: int
    share: float
    languages: dict[str, int]
    sentiment: float | None = None
    negative_share: float | None = None
    #: "rising" / "falling" / "stable" (recent months vs before), or None without dates
    trend: str | None = None
    trend_p_value: float | None = None
    monthly: dict[str, int] = field(default_factory=dict)
    name: str | None = None


@dataclass(frozen=True)
class TopicsResult(Result):
    """What topic discovery found and how well the fast assignment reproduces it."""

    topics: tuple[Topic, ...]
    n_texts: int
    n_embedded: int
    n_topics: int
    #: silhouette (cosine) of the chosen clustering on the embedded sample
    silhouette: float
    #: cross-validated agreement of the character n-gram assigner with the clusters
    assignment_agreement: float
    languages: dict[str, int]
    warnings: tuple[str, ...] = ()


def _assigner() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=2,
            max_features=100_000,
            sublinear_tf=True,
            dtype=np.float32,
        ),
        LogisticRegression(C=10.0, max_iter=1000),
    )


def _topic_ids(k: int) -> list[str]:
    width = max(2, len(str(k)))
    return [f"T{i + 1:0{width}d}" for i in range(k)]


def split_sentences(text: Any) -> list[str]:
    """Sentences (and lines) of a text; a comment often touches several aspects."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    out: list[str] = []
    for part in _SENTENCE_BREAK.split(str(text)):
        if not part or not part.strip():
            continue
        start = 0
        for m in _COLON_BREAK.finditer(part):
            if part[m.end()].isupper():
                out.append(part[start : m.start()].strip())
                start = m.end()
        out.append(part[start:].strip())
    return [p for p in out if p]


def sentence_key(sentence: str) -> str:
    """What makes two sentences the same for discovery: case of the first letter, the final
    punctuation and runs of spaces do not count (people type casually)."""
    key = _SPACES.sub(" ", _KEY_END.sub("", sentence.strip()))
    return key[:1].lower() + key[1:]


def _mask_digits(text: str) -> str:
    # order numbers and durations make otherwise identical sentences distinct
    return _DIGITS.sub("0", text)


def segment_texts(
    texts: Sequence[str], languages: Sequence[str], min_words: int = 2
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Content sentences of every text: (sentences, index of their text, language).

    A sentence counts when it has at least ``min_words`` words that are not stop words and
    is not a letter convention (greeting, thanks, sign-off and the signature after it:
    :mod:`._boilerplate`), so those do not form topics; a text without such a sentence but
    with enough content words overall is kept whole.
    """
    segs: list[str] = []
    docs: list[int] = []
    seg_langs: list[str] = []
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        if not text:
            continue
        stops = stop_words(lang)
        kept = 0
        sentences = split_sentences(text)
        sentences = sentences[: signature_start(sentences)]
        for sentence in sentences:
            if is_boilerplate(sentence, min_words):
                continue
            words = [w for w in tokenize(sentence) if w not in stops and len(w) > 1]
            if len(words) >= min_words:
                segs.append(_mask_digits(sentence))
                docs.append(i)
                seg_langs.append(lang)
                kept += 1
        if not kept:
            content = strip_boilerplate(" ".join(sentences))
            words = [w for w in tokenize(content) if w not in stops and len(w) > 1]
            if len(words) >= min_words:
                segs.append(_mask_digits(" ".join(sentences)))
                docs.append(i)
                seg_langs.append(lang)
    return segs, np.asarray(docs, dtype=int), np.asarray(seg_langs, dtype=object)


def _doc_topics(
    n_docs: int, seg_docs: np.ndarray, seg_labels: np.ndarray, seg_conf: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, ...]], np.ndarray]:
    """Primary topic (most sentences, then highest confidence), all topics and confidence."""
    primary = np.full(n_docs, -1, dtype=int)
    conf = np.zeros(n_docs, dtype=float)
    topics: list[tuple[int, ...]] = [() for _ in range(n_docs)]
    if len(seg_docs) == 0:
        return primary, topics, conf
    frame = pd.DataFrame({"doc": seg_docs, "topic": seg_labels, "conf": seg_conf})
    agg = frame.groupby(["doc", "topic"], sort=False).agg(n=("conf", "size"), c=("conf", "max"))
    agg = agg.reset_index().sort_values(["doc", "n", "c"], ascending=[True, False, False])
    best = agg.drop_duplicates("doc")
    primary[best["doc"].to_numpy()] = best["topic"].to_numpy()
    conf[best["doc"].to_numpy()] = best["c"].to_numpy()
    for doc, group in agg.groupby("doc", sort=False)["topic"]:
        topics[int(doc)] = tuple(int(t) for t in group)
    return primary, topics, conf


def _top_neighbours(
    parts: list[tuple[float, Any, Any]], n_b: int, k: int, same: bool, block: int = 1024
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` most similar rows of the other side: (rows, columns, similarities).

    ``parts`` are ``(weight, a, b)`` with row-normalised matrices (dense or sparse) whose
    cosine similarities ``a @ b.T`` are summed with the weights; ``same`` when ``a`` is ``b``
    (a row is not its own neighbour). Computed in blocks of rows to bound memory.
    """
    n_a = parts[0][1].shape[0]
    k = min(k, n_b - 1 if same else n_b)
    if k <= 0 or n_a == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty, np.zeros(0)
    rows, cols, vals = [], [], []
    for start in range(0, n_a, block):
        stop = min(start + block, n_a)
        sim = np.zeros((stop - start, n_b), dtype=np.float64)
        for weight, part_a, part_b in parts:
            prod = part_a[start:stop] @ part_b.T
            sim += weight * (prod.toarray() if hasattr(prod, "toarray") else np.asarray(prod))
        if same:
            sim[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        rows.append(np.repeat(np.arange(start, stop), k))
        cols.append(top.ravel())
        vals.append(sim[np.arange(stop - start)[:, None], top].ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def sentence_graph(
    x: np.ndarray,
    languages: Sequence[str] | np.ndarray,
    texts: Sequence[str],
    *,
    n_within: int = 6,
    n_across: int = 4,
    lexical_weight: float = 0.5,
) -> Any:
    """Similarity graph of sentences for topic discovery (sparse, symmetric).

    Each sentence is linked to its ``n_within`` nearest sentences *in its own language*, by
    the mean of the cosine of character 3–5-gram TF-IDF (``lexical_weight``) and of the
    language-centred embeddings ``x`` (within a language, shared words are reliable evidence
    of a shared aspect), and to its ``n_across`` nearest sentences *in every other language*
    by the embeddings alone (across languages only they carry meaning). Single e5-small
    sentence vectors are noisy across languages, but whole groups of sentences line up well
    (on the demo, every problem's Estonian sentences have the English and Polish sentences
    of the same problem as nearest group); clustering the graph lets a sentence's
    same-language neighbours carry it to the group it belongs to.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = np.asarray(x, dtype=np.float32)
    langs = np.asarray([str(v) for v in languages], dtype=object)
    n = len(x)
    groups = {str(g): np.flatnonzero(langs == g) for g in pd.unique(langs)}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for g, r in groups.items():
        xr = x[r]
        parts: list[tuple[float, Any, Any]] = [(1.0 - lexical_weight, xr, xr)]
        if lexical_weight > 0 and len(r) > 1:
            try:
                tf = TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
                ).fit_transform([str(texts[int(i)]) for i in r])
                parts.append((lexical_weight, tf, tf))
            except ValueError:  # no n-grams at all (e.g. only one-letter texts)
                pass
        i, j, v = _top_neighbours(parts, len(r), n_within, same=True)
        rows.append(r[i])
        cols.append(r[j])
        vals.append(v)
        for h, c in groups.items():
            if h == g:
                continue
            i, j, v = _top_neighbours([(1.0, xr, x[c])], len(c), n_across, same=False)
            rows.append(r[i])
            cols.append(c[j])
            vals.append(v)
    # an edge's weight is its similarity, kept positive so that every nearest neighbour counts
    weights = np.maximum(np.concatenate(vals), 1e-3) if vals else np.zeros(0)
    w = sparse.coo_matrix(
        (weights, (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    ).tocsr()
    w = w.maximum(w.T).tocsr()
    return _connect(w, x)


def _connect(w: Any, x: np.ndarray) -> Any:
    """Link every small connected component to its nearest sentences in the largest one."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n_comp, comp = connected_components(w, directed=False)
    if n_comp <= 1:
        return w
    main = np.flatnonzero(comp == np.bincount(comp).argmax())
    other = np.flatnonzero(comp != comp[main[0]])
    sim = x[other] @ x[main].T
    best = sim.argmax(axis=1)
    vals = np.maximum(sim[np.arange(len(other)), best], 1e-3)
    extra = sparse.coo_matrix((vals, (other, main[best])), shape=w.shape).tocsr()
    return w.maximum(extra).maximum(extra.T).tocsr()


class TopicModel(Analysis):
    """Discover topics across languages and assign texts to them.

    Texts are split into content sentences (one aspect each, mostly); up to ``sample_size``
    distinct sentences, stratified by language, are embedded with the ``embedder`` (a
    :class:`TextEmbedder`, whose cache makes re-runs cheap), centred per language and
    clustered spectrally on :func:`sentence_graph` (``n_topics=None``: k ≈ sqrt(sentences / 2.5)
    within ``k_range``). A
    character n-gram classifier distilled from those clusters assigns every other sentence.
    A text's topics are those of its sentences; its primary topic the most frequent.

    ``fit(texts, languages=None, embedder=None, dates=None, sentiment=None)``: ``sentiment``
    is a score per text, or a callable ``(sentences, languages) -> scores`` to score each
    sentence (a topic's sentiment is then that of the sentences about it). After fit:
    ``labels_`` (primary topic id per text, None without content), ``topics_per_text_``,
    ``confidence_``, ``sentences_`` (a frame), ``topic_table_`` (what users edit), ``result_``.
    """

    def __init__(
        self,
        n_topics: int | None = None,
        k_range: tuple[int, int] = (6, 20),
        sample_size: int = 1500,
        languages: tuple[str, ...] = FIRST_CLASS_LANGUAGES,
        min_words: int = 2,
        n_terms: int = 8,
        n_examples: int = 3,
        recent_months: int = 3,
        random_state: int = 0,
    ) -> None:
        self.n_topics = n_topics
        self.k_range = k_range
        self.sample_size = sample_size
        self.languages = languages
        self.min_words = min_words
        self.n_terms = n_terms
        self.n_examples = n_examples
        self.recent_months = recent_months
        self.random_state = random_state

    # -- discovery ------------------------------------------------------------------------

    def _sample(self, segs: list[str], langs: np.ndarray) -> np.ndarray:
        """Indices of distinct sentences to embed, stratified by language (proportional)."""
        rng = np.random.default_rng(self.random_state)
        first: dict[str, int] = {}
        for i, s in enumerate(segs):
            first.setdefault(s, i)
        distinct = np.array(sorted(first.values()), dtype=int)
        if len(distinct) <= self.sample_size:
            return distinct
        picked: list[np.ndarray] = []
        for lang in pd.unique(langs[distinct]):
            rows = distinct[langs[distinct] == lang]
            quota = max(1, round(self.sample_size * len(rows) / len(distinct)))
            picked.append(rng.choice(rows, size=min(quota, len(rows)), replace=False))
        return np.sort(np.concatenate(picked))

    def _n_clusters(self, n: int) -> int:
        if self.n_topics is not None:
            return int(self.n_topics)
        # silhouette keeps rising with k on sentence embeddings (it was 0.05–0.09 for every k
        # on the demo data), so it cannot choose k; about sqrt(n / 2.5) sentences per topic,
        # within k_range, gave readable topics on the demo and real reviews
        lo, hi = self.k_range
        return int(np.clip(round(math.sqrt(n / 2.5)), lo, hi))

    def _cluster(
        self, x: np.ndarray, langs: np.ndarray, keys: list[str]
    ) -> tuple[int, np.ndarray, np.ndarray, float]:
        """Spectral clustering of the sentence graph (:func:`sentence_graph`)."""
        from sklearn.cluster import SpectralClustering
        from sklearn.metrics import silhouette_score

        n = len(x)
        k = self._n_clusters(n)
        if k < 2 or k >= n:
            raise InsufficientDataError(f"{n} sentences are too few to find {k} topics")
        graph = sentence_graph(x, langs, keys)
        labels = SpectralClustering(
            n_clusters=k,
            affinity="precomputed",
            assign_labels="kmeans",
            n_init=10,
            random_state=self.random_state,
        ).fit_predict(graph)
        labels = np.unique(labels, return_inverse=True)[1].astype(int)
        k = int(labels.max()) + 1
        centers = np.vstack([x[labels == j].mean(axis=0) for j in range(k)])
        sil = math.nan
        if 2 <= k < n:
            sil = float(
                silhouette_score(
                    x, labels, sample_size=min(n, 3000), random_state=self.random_state
                )
            )
        return k, labels, centers, sil

    def fit(
        self,
        texts: Sequence[Any],
        languages: Sequence[str] | None = None,
        embedder: TextEmbedder | None = None,
        dates: Sequence[Any] | None = None,
        sentiment: Sequence[float] | Callable[[list[str], list[str]], np.ndarray] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> TopicModel:
        from sklearn.model_selection import StratifiedKFold, cross_val_score

        text_list = [_clean(t) for t in texts]
        n = len(text_list)
        langs = self._languages(text_list, languages)
        segs, seg_docs, seg_langs = segment_texts(text_list, list(langs), self.min_words)
        if len(segs) < 20:
            raise InsufficientDataError(
                f"topic discovery needs at least 20 sentences with content; got {len(segs)}"
            )
        notes: list[str] = []
        # sentences that differ only in case, final punctuation or spacing are embedded once
        keys = [sentence_key(s) for s in segs]
        sample = self._sample(keys, seg_langs)
        sample_keys = [keys[i] for i in sample]
        embedder = embedder or TextEmbedder()
        raw = embedder.embed(sample_keys, progress=progress)
        xc, means = center_by_language(raw, seg_langs[sample])
        k, sample_labels, centers, sil = self._cluster(xc, seg_langs[sample], sample_keys)
        centers = centers / np.maximum(np.linalg.norm(centers, axis=1, keepdims=True), 1e-12)
        order = np.argsort(-np.bincount(sample_labels, minlength=k), kind="stable")
        remap = np.empty(k, dtype=int)
        remap[order] = np.arange(k)
        sample_labels = remap[sample_labels]
        centers = centers[order]
        ids = _topic_ids(k)
        self.topic_ids_ = ids
        self.centroids_ = centers.astype(np.float32)
        self.language_means_ = means

        # distilled fast assigner: character n-grams of a sentence → its cluster
        sample_ids = np.asarray(ids, dtype=object)[sample_labels]
        assigner = _assigner().fit(sample_keys, sample_ids)
        self.assigner_ = assigner
        counts = np.bincount(sample_labels, minlength=k)
        agreement = math.nan
        folds = int(min(3, counts.min()))
        if folds >= 2:
            cv = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            agreement = float(
                cross_val_score(_assigner(), sample_keys, sample_labels, cv=cv).mean()
            )

        # every sentence: the embedded ones by their cluster, the others by the assigner
        seg_labels = np.full(len(segs), -1, dtype=int)
        seg_conf = np.zeros(len(segs), dtype=float)
        embedded = np.zeros(len(segs), dtype=bool)
        position = {topic: j for j, topic in enumerate(ids)}
        by_key = {
            key: (lab, float(xc[j] @ centers[lab]))
            for j, (key, lab) in enumerate(zip(sample_keys, sample_labels, strict=True))
        }
        rest = []
        for i, key in enumerate(keys):
            hit = by_key.get(key)
            if hit is None:
                rest.append(i)
            else:
                seg_labels[i], seg_conf[i] = hit
                embedded[i] = True
        if rest:
            proba = assigner.predict_proba([keys[i] for i in rest])
            seg_labels[rest] = [position[c] for c in assigner.classes_[proba.argmax(axis=1)]]
            seg_conf[rest] = proba.max(axis=1)

        primary, per_text, conf = _doc_topics(n, seg_docs, seg_labels, seg_conf)
        self.labels_ = np.array([ids[j] if j >= 0 else None for j in primary], dtype=object)
        self.topics_per_text_ = [tuple(ids[j] for j in t) for t in per_text]
        self.confidence_ = conf
        self.sentences_ = pd.DataFrame(
            {
                "text_index": seg_docs,
                "sentence": segs,
                "language": seg_langs,
                "topic_id": np.asarray(ids, dtype=object)[seg_labels],
                "confidence": seg_conf,
                "embedded": embedded,
            }
        )
        seg_sentiment: np.ndarray | None = None
        if callable(sentiment):
            seg_sentiment = np.asarray(sentiment(segs, list(seg_langs)), dtype=float)
        elif sentiment is not None:
            doc_sent = np.asarray(list(sentiment), dtype=float)
            if len(doc_sent) != n:
                raise InputError(f"{len(doc_sent)} sentiment scores for {n} texts")
            seg_sentiment = doc_sent[seg_docs]
        if seg_sentiment is not None:
            self.sentences_["sentiment"] = seg_sentiment
        lemmas = Normaliser().fit_transform(segs, list(seg_langs))
        table, topics = _describe(
            ids=ids,
            texts=text_list,
            langs=langs,
            per_text=per_text,
            seg_docs=seg_docs,
            seg_langs=seg_langs,
            seg_lemmas=lemmas,
            seg_labels=seg_labels,
            seg_conf=seg_conf,
            seg_embedded=embedded,
            seg_sentiment=seg_sentiment,
            dates=dates,
            n_terms=self.n_terms,
            n_examples=self.n_examples,
            recent_months=self.recent_months,
        )
        self.topic_table_ = table
        if len(sample) < 200:
            notes.append(f"topics were discovered from only {len(sample)} embedded sentences")
        if not math.isnan(agreement) and agreement < 0.7:
            notes.append(
                f"fast topic assignment agrees with the clusters for only {agreement:.0%} of "
                "sentences; embed more sentences for reliable topics"
            )
        for note in notes:
            warnings.warn(note, SmallSampleWarning, stacklevel=2)
        with_topic = primary >= 0
        lang_counts = pd.Series(langs[with_topic]).value_counts()
        self.result_ = TopicsResult(
            topics=tuple(topics),
            n_texts=int(with_topic.sum()),
            n_embedded=len(sample),
            n_topics=k,
            silhouette=sil,
            assignment_agreement=agreement,
            languages={str(a): int(b) for a, b in lang_counts.items()},
            warnings=tuple(notes),
        )
        return self

    def _languages(self, texts: list[str], languages: Sequence[str] | None) -> np.ndarray:
        if languages is None:
            return detect_languages(texts, languages=self.languages)["language"].to_numpy()
        langs = np.asarray([str(v) for v in languages], dtype=object)
        if len(langs) != len(texts):
            raise InputError(f"{len(langs)} languages for {len(texts)} texts")
        return langs

    # -- assignment -----------------------------------------------------------------------

    def assign(
        self,
        texts: Sequence[Any],
        languages: Sequence[str] | None = None,
        embedder: TextEmbedder | None = None,
        topic_table: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """Topics of new texts: ``topic_id`` (primary), ``topics`` (all) and ``confidence``.

        Sentences are assigned by the character n-gram assigner (fast, no embeddings), or by
        the nearest centroid when an ``embedder`` is given. Merges recorded in
        ``topic_table`` are applied.
        """
        self._check_fitted()
        text_list = [_clean(t) for t in texts]
        langs = self._languages(text_list, languages)
        segs, seg_docs, seg_langs = segment_texts(text_list, list(langs), self.min_words)
        ids = np.asarray(self.topic_ids_, dtype=object)
        segs = [sentence_key(s) for s in segs]
        if not segs:
            labels = np.zeros(0, dtype=int)
            conf = np.zeros(0)
        elif embedder is not None:
            x, _ = center_by_language(embedder.embed(segs), list(seg_langs), self.language_means_)
            sims = x @ self.centroids_.T
            labels = sims.argmax(axis=1)
            conf = sims[np.arange(len(labels)), labels]
        else:
            proba = self.assigner_.predict_proba(segs)
            best = proba.argmax(axis=1)
            classes = np.asarray(self.assigner_.classes_, dtype=object)
            ids = np.asarray(sorted(set(ids) | set(classes.tolist())), dtype=object)
            position = {t: j for j, t in enumerate(ids)}
            labels = np.array([position[c] for c in classes[best]], dtype=int)
            conf = proba[np.arange(len(best)), best]
        primary, per_text, doc_conf = _doc_topics(len(text_list), seg_docs, labels, conf)
        topic = pd.Series([ids[j] if j >= 0 else None for j in primary], dtype=object)
        topics = pd.Series([tuple(ids[j] for j in t) for t in per_text], dtype=object)
        if topic_table is not None:
            topic = resolve_merges(topic, topic_table)
            topics = topics.map(
                lambda ts: tuple(dict.fromkeys(resolve_merges(list(ts), topic_table)))
            )
        return pd.DataFrame({"topic_id": topic, "topics": topics, "confidence": doc_conf})

    def retrain_assigner(self, sentences: Sequence[Any], topic_ids: Sequence[Any]) -> TopicModel:
        """Re-learn the fast assigner from edited sentence topics (e.g. after a split)."""
        self._check_fitted()
        pairs = [
            (str(t), str(i)) for t, i in zip(sentences, topic_ids, strict=True) if i is not None
        ]
        if len({i for _, i in pairs}) < 2:
            raise InsufficientDataError("the assigner needs at least two topics with sentences")
        self.assigner_ = _assigner().fit([t for t, _ in pairs], [i for _, i in pairs])
        return self


def _clean(text: Any) -> str:
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return str(text)


# ---------------------------------------------------------------------------------------------
# topic description


def _key_terms(
    lemmas: list[list[str]], labels: np.ndarray, k: int, n_terms: int
) -> list[list[str]]:
    """Class-based TF-IDF (Grootendorst 2022) of lemmas per topic, within one language."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    if not lemmas or all(len(d) == 0 for d in lemmas):
        return [[] for _ in range(k)]
    vec = CountVectorizer(analyzer=lambda d: d, binary=True)
    x = vec.fit_transform(lemmas)
    vocab = np.asarray(vec.get_feature_names_out(), dtype=object)
    member = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    tf = np.asarray((member @ x).todense(), dtype=float)  # sentences of topic t with term w
    sizes = np.bincount(labels, minlength=k).astype(float)
    freq = tf.sum(axis=0)
    avg = float(sizes[sizes > 0].mean()) if (sizes > 0).any() else 1.0
    score = (tf / np.maximum(sizes, 1)[:, None]) * np.log1p(avg / np.maximum(freq, 1))[None, :]
    score[tf < 2] = 0.0  # a key term is used by at least two sentences of the topic
    out = []
    for t in range(k):
        top = np.argsort(-score[t])[:n_terms]
        out.append([str(vocab[i]) for i in top if score[t, i] > 0])
    return out


def _trend(
    months: pd.Series, topic_rows: np.ndarray, recent_months: int
) -> tuple[str | None, float | None, dict[str, int]]:
    from statsmodels.stats.proportion import proportions_ztest

    valid = months.notna().to_numpy()
    if valid.sum() == 0:
        return None, None, {}
    all_months = sorted(months[valid].unique())
    monthly = months[valid & topic_rows].value_counts().to_dict()
    monthly_counts = {str(m): int(monthly.get(m, 0)) for m in all_months}
    if len(all_months) <= recent_months:
        return None, None, monthly_counts
    recent = set(all_months[-recent_months:])
    is_recent = months.isin(recent).to_numpy() & valid
    past = valid & ~is_recent
    count = np.array([(topic_rows & is_recent).sum(), (topic_rows & past).sum()])
    nobs = np.array([is_recent.sum(), past.sum()])
    if nobs.min() == 0 or count.sum() in (0, nobs.sum()):
        return "stable", 1.0, monthly_counts
    _, p = proportions_ztest(count, nobs)
    p = float(p) if np.isfinite(p) else 1.0
    direction = "stable"
    if p < 0.05:
        direction = "rising" if count[0] / nobs[0] > count[1] / nobs[1] else "falling"
    return direction, p, monthly_counts


def _describe(
    *,
    ids: list[str],
    texts: list[str],
    langs: np.ndarray,
    per_text: list[tuple[int, ...]],
    seg_docs: np.ndarray,
    seg_langs: np.ndarray,
    seg_lemmas: list[list[str]],
    seg_labels: np.ndarray,
    seg_conf: np.ndarray,
    seg_embedded: np.ndarray,
    seg_sentiment: np.ndarray | None,
    dates: Sequence[Any] | None,
    n_terms: int,
    n_examples: int,
    recent_months: int,
) -> tuple[pd.DataFrame, list[Topic]]:
    k = len(ids)
    n_with = sum(1 for t in per_text if t)
    lang_values = [str(v) for v in pd.unique(seg_langs) if v != UNKNOWN]
    terms_by_lang: dict[str, list[list[str]]] = {}
    for lang in lang_values:
        rows = np.flatnonzero(seg_langs == lang)
        terms_by_lang[lang] = _key_terms(
            [seg_lemmas[i] for i in rows], seg_labels[rows], k, n_terms
        )
    months: pd.Series | None = None
    if dates is not None:
        ts = pd.to_datetime(pd.Series(list(dates)), errors="coerce", utc=True).dt.tz_localize(None)
        months = ts.dt.to_period("M").astype(str).where(ts.notna())
    n_topics_of_doc = np.array([len(t) for t in per_text])
    topics: list[Topic] = []
    rows_out: list[dict[str, Any]] = []
    for t, topic_id in enumerate(ids):
        docs_with = np.array([t in tt for tt in per_text], dtype=bool)
        volume = int(docs_with.sum())
        lang_counts = pd.Series(langs[docs_with]).value_counts()
        labels_by_lang: dict[str, str] = {}
        terms: dict[str, tuple[str, ...]] = {}
        examples: dict[str, tuple[str, ...]] = {}
        seg_rows = np.flatnonzero(seg_labels == t)
        for lang in lang_values:
            lang_terms = terms_by_lang[lang][t]
            if lang_terms:
                terms[lang] = tuple(lang_terms)
                labels_by_lang[lang] = " · ".join(lang_terms[:3])
            rows = seg_rows[seg_langs[seg_rows] == lang]
            if len(rows):
                # texts about this topic alone first, then embedded (centroid cosine), confidence
                single = n_topics_of_doc[seg_docs[rows]] == 1
                order = np.lexsort((-seg_conf[rows], ~seg_embedded[rows], ~single))
                seen: list[str] = []
                for i in rows[order]:
                    text = texts[seg_docs[i]]
                    text = text if len(text) <= 400 else text[:397] + "..."
                    if text not in seen:
                        seen.append(text)
                    if len(seen) >= n_examples:
                        break
                examples[lang] = tuple(seen)
        label = labels_by_lang.get("en") or next(
            (labels_by_lang[str(lg)] for lg in lang_counts.index if str(lg) in labels_by_lang),
            topic_id,
        )
        s_mean = neg_share = None
        if seg_sentiment is not None:
            s = seg_sentiment[seg_rows]
            s = s[~np.isnan(s)]
            if len(s):
                s_mean = float(s.mean())
                neg_share = float((s <= -DEFAULT_NEUTRAL_BAND).mean())
        trend = p_trend = None
        monthly: dict[str, int] = {}
        if months is not None:
            trend, p_trend, monthly = _trend(months, docs_with, recent_months)
        topic = Topic(
            topic_id=topic_id,
            label=label,
            labels=labels_by_lang,
            terms=terms,
            examples=examples,
            volume=volume,
            share=volume / n_with if n_with else 0.0,
            languages={str(a): int(b) for a, b in lang_counts.items()},
            sentiment=s_mean,
            negative_share=neg_share,
            trend=trend,
            trend_p_value=p_trend,
            monthly=monthly,
        )
        topics.append(topic)
        row: dict[str, Any] = {
            "topic_id": topic_id,
            "name": None,
            "label": label,
            "volume": volume,
            "share": topic.share,
            "sentiment": s_mean,
            "negative_share": neg_share,
            "trend": trend,
            "trend_p_value": p_trend,
            "pinned": False,
            "requirement_id": None,
            "stage_id": None,
            "merged_into": None,
            "split_into": None,
            "parent_id": None,
        }
        for lang in lang_values:
            row[f"label_{lang}"] = labels_by_lang.get(lang)
            row[f"terms_{lang}"] = ", ".join(terms.get(lang, ()))
        rows_out.append(row)
    return pd.DataFrame(rows_out), topics


# ---------------------------------------------------------------------------------------------
# user edits: pure functions on the topic table (persistence is the store's)


def _check_topic(table: pd.DataFrame, topic_id: str) -> int:
    hits = np.flatnonzero(table["topic_id"].astype(str).to_numpy() == str(topic_id))
    if len(hits) == 0:
        known = ", ".join(table["topic_id"].astype(str).tolist()[:30])
        raise InputError(f"unknown topic {topic_id!r}; known topics: {known}")
    return int(hits[0])


def rename_topic(table: pd.DataFrame, topic_id: str, name: str) -> pd.DataFrame:
    """A copy of the topic table with ``topic_id`` named ``name`` (shown instead of the label)."""
    if not str(name).strip():
        raise InputError("a topic name cannot be empty")
    out = table.copy()
    out.loc[out.index[_check_topic(out, topic_id)], "name"] = str(name).strip()
    return out


def pin_topic(table: pd.DataFrame, topic_id: str, pinned: bool = True) -> pd.DataFrame:
    """A copy with ``topic_id`` pinned (kept and shown first, whatever its volume)."""
    out = table.copy()
    out.loc[out.index[_check_topic(out, topic_id)], "pinned"] = bool(pinned)
    return out


def map_topic(
    table: pd.DataFrame,
    topic_id: str,
    requirement_id: str | None = None,
    stage_id: str | None = None,
) -> pd.DataFrame:
    """A copy with ``topic_id`` mapped to a customer requirement and/or a production stage."""
    if requirement_id is None and stage_id is None:
        raise InputError("map a topic to a requirement, a stage or both")
    out = table.copy()
    row = out.index[_check_topic(out, topic_id)]
    if requirement_id is not None:
        out.loc[row, "requirement_id"] = requirement_id or None
    if stage_id is not None:
        out.loc[row, "stage_id"] = stage_id or None
    return out


def merge_topics(
    table: pd.DataFrame, topic_ids: Sequence[str], name: str | None = None
) -> pd.DataFrame:
    """A copy where the topics ``topic_ids[1:]`` are merged into ``topic_ids[0]``.

    Merged topics stay in the table with ``merged_into`` set (so assignments made by the
    model can be redirected with :func:`resolve_merges`); volumes and shares move to the
    target, sentiment is volume-weighted.
    """
    ids = [str(t) for t in topic_ids]
    if len(ids) < 2 or len(set(ids)) != len(ids):
        raise InputError("merge needs at least two different topics")
    out = table.copy()
    rows = [out.index[_check_topic(out, t)] for t in ids]
    target = rows[0]
    vols = out.loc[rows, "volume"].astype(float).to_numpy()
    for col in ("sentiment", "negative_share"):
        vals = pd.to_numeric(out.loc[rows, col], errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(vals)
        if ok.any() and vols[ok].sum() > 0:
            out.loc[target, col] = float(np.average(vals[ok], weights=vols[ok]))
    out.loc[target, "volume"] = int(vols.sum())
    out.loc[target, "share"] = float(pd.to_numeric(out.loc[rows, "share"]).sum())
    for row in rows[1:]:
        out.loc[row, "merged_into"] = ids[0]
        out.loc[row, "volume"] = 0
        out.loc[row, "share"] = 0.0
    # anything merged into a now-merged topic follows it
    out.loc[out["merged_into"].isin(ids[1:]), "merged_into"] = ids[0]
    if name:
        out.loc[target, "name"] = name
    return out


def resolve_merges(topic_ids: Sequence[Any] | pd.Series, table: pd.DataFrame) -> pd.Series:
    """Topic ids with merged topics replaced by the topic they were merged into."""
    mapping = {
        str(a): str(b)
        for a, b in zip(table["topic_id"], table["merged_into"], strict=True)
        if b is not None and not (isinstance(b, float) and math.isnan(b))
    }
    values = [mapping.get(str(t), t) if t is not None else None for t in topic_ids]
    return pd.Series(values, dtype=object)


def split_topic(
    table: pd.DataFrame,
    assignments: Sequence[Any],
    texts: Sequence[Any],
    topic_id: str,
    n: int = 2,
    vectors: np.ndarray | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, pd.Series]:
    """Split one topic into ``n`` sub-topics by clustering its texts.

    ``vectors`` (e.g. language-centred embeddings aligned with ``texts``) are clustered when
    given; otherwise character n-gram TF-IDF of the member texts. Returns the new table (the
    split topic keeps its row with ``split_into`` set, parts carry ``parent_id``) and the new
    assignments. Retrain the fast assigner with :meth:`TopicModel.retrain_assigner`.
    """
    from sklearn.cluster import KMeans

    row = _check_topic(table, topic_id)
    assigned = pd.Series(list(assignments), dtype=object)
    members = np.flatnonzero(assigned.astype(str).to_numpy() == str(topic_id))
    if len(members) < 2 * n:
        raise InsufficientDataError(
            f"topic {topic_id} has {len(members)} texts, too few to split into {n}"
        )
    if vectors is not None:
        x = np.asarray(vectors, dtype=np.float32)[members]
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer

        x = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True
        ).fit_transform([str(texts[int(i)]) for i in members])
    parts = KMeans(n_clusters=n, n_init=4, random_state=random_state).fit_predict(x)
    new_ids = [f"{topic_id}.{j + 1}" for j in range(n)]
    new_assign = assigned.copy()
    new_assign.iloc[members] = [new_ids[j] for j in parts]
    out = table.copy()
    base = out.loc[out.index[row]].to_dict()
    new_rows = []
    for j, new_id in enumerate(new_ids):
        entry = dict(base)
        vol = int((parts == j).sum())
        entry.update(
            topic_id=new_id,
            name=None,
            label=f"{base.get('label')} ({j + 1})",
            volume=vol,
            share=float(base.get("share") or 0) * vol / len(members),
            parent_id=str(topic_id),
            merged_into=None,
            pinned=False,
        )
        new_rows.append(entry)
    out.loc[out.index[row], "split_into"] = ",".join(new_ids)
    out.loc[out.index[row], "volume"] = 0
    out.loc[out.index[row], "share"] = 0.0
    out = pd.concat([out, pd.DataFrame(new_rows)], ignore_index=True)
    return out, new_assign
