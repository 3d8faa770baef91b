"""Sentiment per text on −1…1 with a label (negative / neutral / positive), two honest paths.

1. **Learned from the organisation's own data** (:class:`SentimentModel`): where respondents
   wrote a comment *and* gave an NPS or CSAT score, the score labels the comment
   (:func:`labels_from_scores`). A logistic regression on character 2–5-gram plus word 1–2-gram
   TF-IDF, and — when embeddings are at hand — a logistic regression on language-centred
   multilingual-e5-small vectors, stacked: a balanced logistic regression on the two models'
   out-of-fold logits weighs and calibrates them, so a score of 0.6 means what it says.
   Quality is cross-validated on the same data and reported per language (``result_``), for
   each component and for the final probability, whose stacker is learned inside each
   training fold (nested cross-validation).
2. **Shipped with the package** (:class:`LexiconSentiment`): a small valence lexicon for
   English, Polish and Estonian written for this project (lemmas via simplemma), with negation,
   intensifiers and the "but" rule of VADER (Hutto & Gilbert 2014). Nothing in it is derived
   from PolEmo (CC BY-SA) or the Estonian Valence corpus (GPL-3), so the package stays MIT.
   When embeddings are given, a logistic-regression head on language-centred e5 vectors
   trained on XED (Öhman et al. 2020, CC BY 4.0; see ``data/ATTRIBUTION.md``) is averaged in.

The measured quality of each path on real labelled reviews is in ``docs/text-quality.md``.
"""

from __future__ import annotations

import functools
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError, SmallSampleWarning
from ._embed import center_by_language
from ._normalise import Lemmatiser, negators, tokenize

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
DEFAULT_NEUTRAL_BAND = 0.3

_CONTRAST = {"en": {"but", "however"}, "pl": {"ale", "jednak", "lecz"}, "et": {"aga", "kuid"}}


def labels_from_scores(
    nps: Sequence[Any] | None = None, csat: Sequence[Any] | None = None
) -> np.ndarray:
    """Sentiment labels implied by the respondent's own score: "pos", "neg", "neu" or None.

    NPS 0–6 (detractor) → neg, 9–10 (promoter) → pos, 7–8 → neu (Reichheld 2003); CSAT 1–2 →
    neg, 4–5 → pos, 3 → neu. NPS wins where both are given.
    """
    if nps is None and csat is None:
        raise InputError("labels_from_scores needs nps or csat values")
    n = len(nps) if nps is not None else len(csat)  # type: ignore[arg-type]
    out = np.full(n, None, dtype=object)
    if csat is not None:
        c = pd.to_numeric(pd.Series(list(csat)), errors="coerce").to_numpy(dtype=float)
        out[c <= 2] = "neg"
        out[c == 3] = "neu"
        out[c >= 4] = "pos"
    if nps is not None:
        s = pd.to_numeric(pd.Series(list(nps)), errors="coerce").to_numpy(dtype=float)
        out[s <= 6] = "neg"
        out[(s >= 7) & (s <= 8)] = "neu"
        out[s >= 9] = "pos"
    return out


def label_scores(scores: np.ndarray, neutral_band: float = DEFAULT_NEUTRAL_BAND) -> np.ndarray:
    """negative / neutral / positive from −1…1 scores (|score| < band is neutral; NaN → None)."""
    s = np.asarray(scores, dtype=float)
    out = np.where(s <= -neutral_band, NEGATIVE, np.where(s >= neutral_band, POSITIVE, NEUTRAL))
    out = out.astype(object)
    out[np.isnan(s)] = None
    return out


# ---------------------------------------------------------------------------------------------
# path 2: shipped with the package


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, dict[str, float]], dict[str, frozenset[str]]]:
    text = resources.files(__package__).joinpath("data/sentiment_lexicon.csv").read_text("utf-8")
    valence: dict[str, dict[str, float]] = {}
    boosters: dict[str, set[str]] = {}
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        lang, term, value = line.split(",")
        if value == "+":
            boosters.setdefault(lang, set()).add(term)
        else:
            valence.setdefault(lang, {})[term] = float(value)
    return valence, {k: frozenset(v) for k, v in boosters.items()}


@functools.lru_cache(maxsize=1)
def _xed_head() -> dict[str, Any] | None:
    path = resources.files(__package__).joinpath("data/xed_sentiment_head.json")
    if not path.is_file():
        return None
    head: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return head


def lexicon_languages() -> tuple[str, ...]:
    """Languages the shipped lexicon covers."""
    return tuple(sorted(_lexicon()[0]))


class LexiconSentiment:
    """Valence lexicon for et/pl/en with negation, intensifiers and the "but" rule.

    Each matched word adds its valence (−1…1); a negator within the three preceding words
    flips it and damps it (×−0.74, VADER's constant), an intensifier just before scales it by
    1.3, and words after a contrast conjunction ("but", "ale", "aga") weigh 1.5× while those
    before weigh 0.5×. The sum is squashed to −1…1 with ``s / sqrt(s² + 4)``. Texts with no
    lexicon word score 0; languages without a lexicon score NaN.
    """

    def __init__(self) -> None:
        self._lemmatiser = Lemmatiser()

    def score_one(self, text: Any, language: str) -> float:
        valence, boosters = _lexicon()
        lex = valence.get(language)
        if lex is None:
            return math.nan
        boost = boosters.get(language, frozenset())
        negs = negators(language)
        contrast = _CONTRAST.get(language, set())
        tokens = tokenize(text)
        if language == "en":  # "don't" → "do", "n't" for negation
            split: list[str] = []
            for t in tokens:
                if t.endswith("n't") and len(t) > 3:
                    split.extend([t[:-3], "n't"])
                else:
                    split.append(t)
            tokens = split
        contrast_at = max((i for i, t in enumerate(tokens) if t in contrast), default=-1)
        total = 0.0
        for i, token in enumerate(tokens):
            v = lex.get(token)
            if v is None:
                v = lex.get(self._lemmatiser(token, language))
            if v is None:
                continue
            window = tokens[max(0, i - 3) : i]
            if any(w in negs for w in window):
                v *= -0.74
            if i > 0 and tokens[i - 1] in boost:
                v *= 1.3
            if contrast_at >= 0:
                v *= 1.5 if i > contrast_at else 0.5
            total += v
        return total / math.sqrt(total * total + 4.0)

    def score(self, texts: Sequence[Any], languages: Sequence[str]) -> np.ndarray:
        """Scores (−1…1, NaN where the language has no lexicon) for every text."""
        return np.array(
            [self.score_one(t, lang) for t, lang in zip(texts, languages, strict=True)],
            dtype=float,
        )


def shipped_sentiment(
    texts: Sequence[Any],
    languages: Sequence[str],
    embeddings: np.ndarray | None = None,
    *,
    language_means: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Sentiment from what ships with the package: the lexicon, plus the XED head on embeddings.

    Without embeddings this is the lexicon alone. With embeddings (raw e5 vectors, aligned with
    ``texts``) the head's calibrated score is averaged with the lexicon score where both exist.
    """
    lex = LexiconSentiment().score(texts, languages)
    head = _xed_head()
    if embeddings is None or head is None:
        return lex
    x, _ = center_by_language(embeddings, languages, language_means)
    z = x @ np.asarray(head["coef"], dtype=np.float32) + float(head["intercept"])
    emb = np.tanh(z / 2.0)  # = 2·sigmoid(z) − 1
    both = np.where(np.isnan(lex), emb, (lex + emb) / 2.0)
    return np.asarray(both, dtype=float)


# ---------------------------------------------------------------------------------------------
# path 1: learned from the organisation's own data


@dataclass(frozen=True)
class SentimentQuality(Result):
    """Cross-validated quality of a sentiment model learned from the organisation's data."""

    path: str
    n_train: int
    n_positive: int
    n_negative: int
    cv_folds: int
    #: macro-F1 (positive vs negative) over all languages of the final probability, the one
    #: ``predict_proba`` returns, cross-validated with the combination learned inside each
    #: training fold (nested), at threshold 0.5
    macro_f1: float
    #: {language: {"char": f1, "embedding": f1, "mean": f1, "final": f1, "n": count}}:
    #: each component alone and their unweighted mean (both uncalibrated, at 0.5; out-of-fold),
    #: and "final", the model as used (nested cross-validation, as ``macro_f1``)
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Platt calibration (slope, intercept) of the joint combiner when there is one component;
    #: (1.0, 0.0) when several are stacked (their weights, which also calibrate, are in
    #: ``stacking``)
    calibration: tuple[float, float] = (1.0, 0.0)
    warnings: tuple[str, ...] = ()
    #: the combiner of the final model: {language or "*" (joint): {component: weight on its
    #: logit, ..., "intercept": b}}; P(positive) = sigmoid(Σ weight·logit + b)
    stacking: dict[str, dict[str, float]] = field(default_factory=dict)


def _text_features() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            sublinear_tf=True,
            min_df=2,
            max_features=300_000,
            dtype=np.float32,
        ),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=2,
            token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        ),
    )


def _binary_f1(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    if len(np.unique(y)) < 2:
        return math.nan
    return float(f1_score(y, (p >= 0.5).astype(int), average="macro"))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)), dtype=float)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-z)), dtype=float)


#: a fitted combiner: weights on the components' logits and an intercept
_Stacker = tuple[np.ndarray, float]


def _fit_stacker(z: np.ndarray, y: np.ndarray) -> _Stacker:
    """Balanced logistic regression on the components' out-of-fold logits (stacking).

    With one component this is Platt scaling. ``class_weight="balanced"`` because macro-F1 is
    the target: the score should not lean to the majority class of the respondents.
    """
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(z, y)
    return np.asarray(m.coef_[0], dtype=float), float(m.intercept_[0])


def _apply_stackers(z: np.ndarray, langs: np.ndarray, stackers: dict[str, _Stacker]) -> np.ndarray:
    """Combined probability per row: its language's stacker, else the joint one ("*")."""
    out = np.empty(len(z))
    for lang in np.unique(langs):
        rows = langs == lang
        coef, intercept = stackers.get(str(lang), stackers["*"])
        out[rows] = _sigmoid(z[rows] @ coef + intercept)
    return out


def _fold_ids(y: np.ndarray, strata: np.ndarray, n_splits: int, random_state: int) -> np.ndarray:
    """Cross-validation fold of every row, stratified by label within each stratum.

    Each language with enough labels is a stratum of its own (so its folds are those of a
    per-language ``StratifiedKFold``); the remaining rows form one stratum "*".
    """
    from sklearn.model_selection import StratifiedKFold

    folds = np.empty(len(y), dtype=int)
    for stratum in sorted(set(strata.tolist())):
        rows = np.flatnonzero(strata == stratum)
        y_s = y[rows]
        k = min(n_splits, int(y_s.sum()), int(len(y_s) - y_s.sum()))
        if k >= 2:
            split = StratifiedKFold(n_splits=k, shuffle=True, random_state=random_state)
            for i, (_, test) in enumerate(split.split(rows, y_s)):
                folds[rows[test]] = i
        else:  # too few of one class for stratified folds: deal the rows out at random
            rng = np.random.default_rng(random_state)
            folds[rows] = rng.permutation(len(rows)) % n_splits
    return folds


class SentimentModel(Analysis):
    """Sentiment learned from the organisation's own comments labelled by NPS/CSAT.

    ``fit(texts, labels, languages=None, embeddings=None)``: ``labels`` are "pos"/"neg" (other
    values, e.g. "neu" or None, are ignored for training), e.g. from
    :func:`labels_from_scores`. ``features`` is "auto" (text n-grams, plus embeddings when
    given), "char" or "embedding".

    The components (per-language n-gram logistic regression; logistic regression on
    language-centred embeddings) are combined by stacking: a balanced logistic regression on
    their out-of-fold logits, one per language with at least ``min_per_class`` labels of each
    class and a joint one for the other languages. With a single component this is Platt
    scaling. ``result_`` is a :class:`SentimentQuality`: ``cv``-fold cross-validated macro-F1
    per language of each component and, under "final", of the model as used, with the
    stacking learned inside each training fold from an inner cross-validation (nested).
    """

    def __init__(
        self,
        features: str = "auto",
        C: float = 4.0,
        embedding_C: float = 2.0,
        cv: int = 5,
        neutral_band: float = DEFAULT_NEUTRAL_BAND,
        min_per_class: int = 20,
        random_state: int = 0,
    ) -> None:
        self.features = features
        self.C = C
        self.embedding_C = embedding_C
        self.cv = cv
        self.neutral_band = neutral_band
        self.min_per_class = min_per_class
        self.random_state = random_state

    def _char_model(self) -> Any:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(
            _text_features(),
            LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced"),
        )

    def _emb_model(self) -> Any:
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.embedding_C, max_iter=2000, class_weight="balanced")

    def fit(
        self,
        texts: Sequence[Any],
        labels: Sequence[Any],
        languages: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> SentimentModel:
        if self.features not in ("auto", "char", "embedding"):
            raise InputError(
                f"features must be 'auto', 'char' or 'embedding', not {self.features!r}"
            )
        if self.cv < 3:
            raise InputError(
                f"cv must be at least 3 (the combination is cross-validated inside each "
                f"training fold), not {self.cv}"
            )
        texts = ["" if t is None else str(t) for t in texts]
        lab = np.asarray(list(labels), dtype=object)
        if len(lab) != len(texts):
            raise InputError(f"{len(lab)} labels for {len(texts)} texts")
        langs = np.asarray(
            list(languages) if languages is not None else ["unknown"] * len(texts), dtype=object
        )
        use_char = self.features in ("auto", "char")
        use_emb = self.features == "embedding" or (
            self.features == "auto" and embeddings is not None
        )
        if use_emb and embeddings is None:
            raise InputError("features='embedding' needs embeddings")
        keep = np.isin(lab, ["pos", "neg"]) & np.array([bool(t.strip()) for t in texts])
        y = (lab[keep] == "pos").astype(int)
        n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
        if min(n_pos, n_neg) < max(self.min_per_class, 3):
            raise InsufficientDataError(
                f"sentiment needs at least {max(self.min_per_class, 3)} positive and "
                f"{max(self.min_per_class, 3)} negative labelled comments; got {n_pos} and {n_neg}"
            )
        x_text = [t for t, k in zip(texts, keep, strict=True) if k]
        lang_k = np.asarray([str(v) for v in langs[keep]], dtype=object)
        n_splits = min(self.cv, n_pos, n_neg)
        # languages with enough labels of each class get their own n-gram model and their own
        # stacker (one n-gram model per language measured better than one joint model: PolEmo
        # 0.906 vs 0.892, Estonian Valence 0.756 vs 0.731); the others share joint ones
        own: list[str] = []
        for lang in sorted(set(lang_k.tolist())):
            y_l = y[lang_k == lang]
            if min(int(y_l.sum()), int(len(y_l) - y_l.sum())) >= self.min_per_class:
                own.append(lang)
        is_own = np.isin(lang_k, own)
        strata = np.where(is_own, lang_k, "*")
        folds = _fold_ids(y, strata, n_splits, self.random_state)
        if use_emb:
            assert embeddings is not None
            x_emb, means = center_by_language(np.asarray(embeddings)[keep], lang_k.tolist())
            self.language_means_ = means

        def predict_char(train: np.ndarray, test: np.ndarray, rest: bool) -> np.ndarray:
            p = np.full(len(y), np.nan)
            for lang in own:
                tr, te = train & (lang_k == lang), test & (lang_k == lang)
                if te.any():
                    sub = self._char_model().fit([x_text[i] for i in np.flatnonzero(tr)], y[tr])
                    p[te] = sub.predict_proba([x_text[i] for i in np.flatnonzero(te)])[:, 1]
            te = test & ~is_own
            if rest and te.any():  # the joint model, trained on every language
                joint = self._char_model().fit([x_text[i] for i in np.flatnonzero(train)], y[train])
                p[te] = joint.predict_proba([x_text[i] for i in np.flatnonzero(te)])[:, 1]
            return p

        def predict_emb(train: np.ndarray, test: np.ndarray, rest: bool) -> np.ndarray:
            p = np.full(len(y), np.nan)
            p[test] = self._emb_model().fit(x_emb[train], y[train]).predict_proba(x_emb[test])[:, 1]
            return p

        predictors = {}
        if use_char:
            predictors["char"] = predict_char
        if use_emb:
            predictors["embedding"] = predict_emb
        names = list(predictors)
        k_all = int(folds.max()) + 1
        # outer cross-validation: every row predicted by components not trained on its fold
        oof = {name: np.full(len(y), np.nan) for name in names}
        for k in range(k_all):
            test = folds == k
            for name, predict in predictors.items():
                oof[name][test] = predict(~test, test, True)[test]
        # inner cross-validation of each outer training set (the outer folds but k, as inner
        # folds): for outer fold k, rows of fold m are predicted by components trained on the
        # folds other than k and m — one fit per pair {k, m} serves both outer folds. Rows of
        # languages without their own n-gram model are left out of it (the joint model would
        # be refit on everything once per pair) unless no language has its own model.
        inner = {name: np.full((k_all, len(y)), np.nan) for name in names}
        for k in range(k_all):
            for m in range(k + 1, k_all):
                train = (folds != k) & (folds != m)
                test = ~train
                for name, predict in predictors.items():
                    p = predict(train, test, not own)
                    inner[name][k, folds == m] = p[folds == m]
                    inner[name][m, folds == k] = p[folds == k]
        z_oof = np.column_stack([_logit(oof[name]) for name in names])
        final = np.empty(len(y))
        for k in range(k_all):
            p_in = np.column_stack([inner[name][k] for name in names])
            ok = (folds != k) & np.isfinite(p_in).all(axis=1)
            stackers = self._fit_stackers(
                _logit(np.where(ok[:, None], p_in, 0.5)), y, lang_k, ok, own
            )
            test = folds == k
            final[test] = _apply_stackers(z_oof[test], lang_k[test], stackers)
        # the final model: components on all rows, stackers on the outer out-of-fold logits
        # (the joint stacker then also sees the rows of languages without their own model)
        all_rows = np.ones(len(y), dtype=bool)
        self.components_ = tuple(names)
        self.stackers_: dict[tuple[str, ...], dict[str, _Stacker]] = {
            self.components_: self._fit_stackers(z_oof, y, lang_k, all_rows, own)
        }
        if len(names) > 1:  # for predictions without one of them (e.g. no embeddings given)
            for j, name in enumerate(names):
                self.stackers_[(name,)] = self._fit_stackers(
                    z_oof[:, [j]], y, lang_k, all_rows, own
                )
        if use_char:
            self.char_model_ = self._char_model().fit(x_text, y)
            self.char_models_: dict[str, Any] = {}
            for lang in own:
                rows = np.flatnonzero(lang_k == lang)
                self.char_models_[lang] = self._char_model().fit([x_text[i] for i in rows], y[rows])
        if use_emb:
            self.embedding_model_ = self._emb_model().fit(x_emb, y)
        main = self.stackers_[self.components_]
        self.calibration_ = (
            (float(main["*"][0][0]), main["*"][1]) if len(names) == 1 else (1.0, 0.0)
        )
        stacking = {
            lang: {
                **{name: float(w) for name, w in zip(names, coef, strict=True)},
                "intercept": float(b),
            }
            for lang, (coef, b) in main.items()
        }

        by_language: dict[str, dict[str, float]] = {}
        notes: list[str] = []
        for lang in sorted(set(lang_k.tolist())):
            rows = lang_k == lang
            entry = {name: _binary_f1(y[rows], p[rows]) for name, p in oof.items()}
            if len(oof) > 1:
                entry["mean"] = _binary_f1(y[rows], np.mean([p[rows] for p in oof.values()], 0))
            entry["final"] = _binary_f1(y[rows], final[rows])
            entry["n"] = int(rows.sum())
            by_language[str(lang)] = entry
            if rows.sum() < 100:
                notes.append(
                    f"sentiment quality for '{lang}' rests on {int(rows.sum())} labelled comments"
                )
        for note in notes:
            warnings.warn(note, SmallSampleWarning, stacklevel=2)
        self.result_ = SentimentQuality(
            path="organisation:" + "+".join(names),
            n_train=len(y),
            n_positive=n_pos,
            n_negative=n_neg,
            cv_folds=k_all,
            macro_f1=_binary_f1(y, final),
            by_language=by_language,
            calibration=self.calibration_,
            warnings=tuple(notes),
            stacking=stacking,
        )
        return self

    @staticmethod
    def _fit_stackers(
        z: np.ndarray, y: np.ndarray, langs: np.ndarray, rows: np.ndarray, own: list[str]
    ) -> dict[str, _Stacker]:
        """A joint stacker ("*") on ``rows`` and one per language in ``own``."""
        out = {"*": _fit_stacker(z[rows], y[rows])}
        for lang in own:
            sel = rows & (langs == lang)
            if len(np.unique(y[sel])) == 2:
                out[lang] = _fit_stacker(z[sel], y[sel])
        return out

    def predict_proba(
        self,
        texts: Sequence[Any],
        languages: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        """Probability that each text is positive (the stacked, calibrated components)."""
        self._check_fitted()
        texts = ["" if t is None else str(t) for t in texts]
        langs = np.asarray(
            [str(v) for v in languages] if languages is not None else ["unknown"] * len(texts),
            dtype=object,
        )
        parts: dict[str, np.ndarray] = {}
        if hasattr(self, "char_model_"):
            p_char = np.empty(len(texts))
            routed = np.zeros(len(texts), dtype=bool)
            for lang, sub in self.char_models_.items():
                rows = np.flatnonzero(langs == lang)
                if len(rows):
                    p_char[rows] = sub.predict_proba([texts[i] for i in rows])[:, 1]
                    routed[rows] = True
            if (~routed).any():
                rows = np.flatnonzero(~routed)
                p_char[rows] = self.char_model_.predict_proba([texts[i] for i in rows])[:, 1]
            parts["char"] = p_char
        if hasattr(self, "embedding_model_"):
            if embeddings is None:
                if not parts:
                    raise InputError("this sentiment model was trained on embeddings only")
            else:
                x, _ = center_by_language(embeddings, list(langs), self.language_means_)
                parts["embedding"] = self.embedding_model_.predict_proba(x)[:, 1]
        names = tuple(name for name in self.components_ if name in parts)
        z = np.column_stack([_logit(parts[name]) for name in names])
        return _apply_stackers(z, langs, self.stackers_[names])

    def predict_score(
        self,
        texts: Sequence[Any],
        languages: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        """Sentiment on −1…1 (2·p − 1)."""
        return 2.0 * self.predict_proba(texts, languages, embeddings) - 1.0

    def predict(
        self,
        texts: Sequence[Any],
        languages: Sequence[str] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        """negative / neutral / positive labels."""
        return label_scores(self.predict_score(texts, languages, embeddings), self.neutral_band)


def score_sentiment(
    texts: Sequence[Any],
    languages: Sequence[str],
    *,
    model: SentimentModel | None = None,
    embeddings: np.ndarray | None = None,
    neutral_band: float = DEFAULT_NEUTRAL_BAND,
) -> pd.DataFrame:
    """Sentiment of every text: ``score`` (−1…1), ``label`` and ``method``.

    With a fitted :class:`SentimentModel` its scores are used ("organisation"); otherwise the
    shipped lexicon (+ XED head when embeddings are given) ("lexicon" / "lexicon+xed"). Texts in
    languages without a lexicon and no organisation model get NaN and label None.
    """
    langs = list(languages)
    if model is not None:
        scores = model.predict_score(texts, langs, embeddings)
        method = "organisation"
    else:
        scores = shipped_sentiment(texts, langs, embeddings)
        method = "lexicon+xed" if embeddings is not None and _xed_head() else "lexicon"
    scores = np.asarray(scores, dtype=float)
    labels = label_scores(scores, neutral_band)
    methods = np.array([None if np.isnan(v) else method for v in scores], dtype=object)
    return pd.DataFrame({"score": scores, "label": labels, "method": methods})
