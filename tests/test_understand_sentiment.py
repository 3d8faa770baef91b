"""Sentiment quality on real labelled reviews, per language and path (docs/text-quality.md).

References (tests/reference/text/README.md): PolEmo 2.0 KLEJ dev (pl, Kocoń et al. 2019), the
Estonian Valence corpus (et, Pajupuu et al. 2016), UCI Sentiment Labelled Sentences (en,
Kotzias et al. 2015); positive vs negative only, macro-F1. The README's orientation figures for
character n-gram TF-IDF + logistic regression are 0.902 / 0.755 / 0.838.

Floors are the values measured here (never lowered afterwards):
- organisation-data path, character + word n-grams, per-language models, 5-fold CV:
  pl 0.906, et 0.756, en 0.846 (with embeddings: see below);
- the same model as used (n-grams Platt-calibrated per language by the stacker, which is
  learned inside each training fold: nested CV): pl 0.903, et 0.737, en 0.847;
- with the embeddings kept in tests/reference/text/embeddings/ (pl, et), stacked, as used:
  pl 0.938, et 0.802 (embeddings alone 0.941 / 0.787; en 0.934 in docs/text-quality.md,
  its 2,838 embeddings are not kept);
- shipped lexicon path (no training): pl 0.812, et 0.662, en 0.789.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from totalquality import InputError, InsufficientDataError, SmallSampleWarning
from totalquality.understand import (
    LexiconSentiment,
    SentimentModel,
    label_scores,
    labels_from_scores,
    score_sentiment,
)

SETS = {"pl": "pl_polemo2_klej_dev", "et": "et_valence", "en": "en_uci_sentences"}


@pytest.fixture(scope="module")
def reviews(reference_dir):
    frames = [pd.read_csv(reference_dir / "text" / f"{name}.csv") for name in SETS.values()]
    d = pd.concat(frames, ignore_index=True)
    return d[d["label"].isin(["pos", "neg"])].reset_index(drop=True)


@pytest.mark.slow
def test_organisation_path_cross_validated_macro_f1(reviews):
    model = SentimentModel(features="char").fit(
        reviews["text"].tolist(), reviews["label"].tolist(), reviews["lang"].tolist()
    )
    by = model.result_.by_language
    assert by["pl"]["char"] >= 0.905
    assert by["et"]["char"] >= 0.755
    assert by["en"]["char"] >= 0.845
    assert by["pl"]["n"] == 809 and by["et"]["n"] == 1620 and by["en"]["n"] == 2838
    # the model as used (calibrated per language, nested cross-validation)
    assert by["pl"]["final"] >= 0.902
    assert by["et"]["final"] >= 0.736
    assert by["en"]["final"] >= 0.846
    # calibrated scores are on −1…1 and agree with the labels they were trained on
    scores = model.predict_score(reviews["text"].head(50).tolist(), reviews["lang"].head(50))
    assert np.all((scores >= -1) & (scores <= 1))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "final_floor", "embedding_floor"), [("pl", 0.937, 0.94), ("et", 0.801, 0.786)]
)
def test_organisation_path_with_embeddings_reaches_the_issue_goal(
    reference_dir, lang, final_floor, embedding_floor
):
    # issue 5's goal for the organisation-data path: ≥ 0.92 Polish, ≥ 0.80 Estonian. The
    # multilingual-e5-small embeddings of the reference texts (pos/neg rows in file order) are
    # kept in tests/reference/text/embeddings/, so this runs without embedding 2,400 texts
    name = SETS[lang]
    d = pd.read_csv(reference_dir / "text" / f"{name}.csv")
    d = d[d["label"].isin(["pos", "neg"])]
    emb = np.load(reference_dir / "text" / "embeddings" / f"{name}.npy")
    assert emb.shape == (len(d), 384)
    model = SentimentModel(features="auto").fit(
        d["text"].tolist(), d["label"].tolist(), [lang] * len(d), emb
    )
    by = model.result_.by_language[lang]
    assert by["embedding"] >= embedding_floor
    assert by["final"] >= final_floor
    assert by["final"] >= {"pl": 0.92, "et": 0.80}[lang]
    assert set(model.result_.stacking[lang]) == {"char", "embedding", "intercept"}


@pytest.mark.parametrize(("lang", "floor"), [("pl", 0.81), ("et", 0.66), ("en", 0.785)])
def test_shipped_lexicon_macro_f1(reviews, lang, floor):
    d = reviews[reviews["lang"] == lang]
    s = LexiconSentiment().score(d["text"].tolist(), d["lang"].tolist())
    y = (d["label"] == "pos").astype(int)
    assert f1_score(y, (s > 0).astype(int), average="macro") >= floor


def test_lexicon_negation_and_inflection():
    lex = LexiconSentiment()
    assert lex.score_one("The battery is good", "en") > 0
    assert lex.score_one("The battery is not good", "en") < 0
    assert lex.score_one("Bateria jest fatalna, a obsługa niemiła.", "pl") < 0  # inflected forms
    assert lex.score_one("Aku on suurepärane, väga rahul!", "et") > 0
    assert lex.score_one("Ei ole rahul.", "et") < 0
    assert np.isnan(lex.score_one("Das ist gut", "de"))  # no lexicon: no guess


def test_labels_from_nps_and_csat():
    # NPS: 0–6 detractor, 7–8 passive, 9–10 promoter (Reichheld 2003)
    got = labels_from_scores(nps=[0, 6, 7, 8, 9, 10, None], csat=[5, 5, 1, 1, 1, 1, 2])
    assert list(got) == ["neg", "neg", "neu", "neu", "pos", "pos", "neg"]
    assert list(label_scores(np.array([-0.9, 0.0, 0.5, np.nan]))) == [
        "negative",
        "neutral",
        "positive",
        None,
    ]


def test_too_few_labels_is_a_clear_error():
    with pytest.raises(InsufficientDataError, match="positive"):
        SentimentModel().fit(["good", "bad"] * 5, ["pos", "neg"] * 5, ["en"] * 10)


def _noise_texts_informative_vectors(rng, n):
    """Texts that carry no sentiment (random words) and 'embeddings' that do (one axis)."""
    y = rng.random(n) < 0.5
    vocab = [f"w{i}x" for i in range(40)]
    texts = [" ".join(rng.choice(vocab, 4)) for _ in range(n)]
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    emb[:, 0] += np.where(y, 1.5, -1.5)
    return texts, np.where(y, "pos", "neg"), emb


def test_stacking_weighs_components_and_reports_nested_quality():
    rng = np.random.default_rng(0)
    texts, labels, emb = _noise_texts_informative_vectors(rng, 300)
    model = SentimentModel().fit(texts, labels, ["en"] * 300, emb)
    q = model.result_
    by = q.by_language["en"]
    # the stacker, learned on out-of-fold logits, puts its weight on the informative component
    w = q.stacking["en"]
    assert set(w) == {"char", "embedding", "intercept"} and "*" in q.stacking
    assert w["embedding"] > 3 * abs(w["char"])
    assert by["char"] < 0.6 < by["mean"] <= by["final"]
    # macro_f1 is the nested-CV quality of what the model predicts, and it predicts new data
    assert q.macro_f1 == by["final"]
    new_texts, new_labels, new_emb = _noise_texts_informative_vectors(rng, 1000)
    p = model.predict_proba(new_texts, ["en"] * 1000, new_emb)
    held_out = f1_score(new_labels == "pos", p >= 0.5, average="macro")
    assert abs(held_out - by["final"]) < 0.05
    # without embeddings at prediction time the n-gram component is calibrated on its own
    p_char = model.predict_proba(new_texts[:20], ["en"] * 20)
    assert np.all((p_char > 0) & (p_char < 1)) and not np.allclose(p_char, p[:20])


def test_stacker_per_language_with_joint_fallback(reviews):
    en = reviews[reviews["lang"] == "en"].head(400)
    pl = reviews[reviews["lang"] == "pl"].head(30)  # too few labels for its own model
    d = pd.concat([en, pl], ignore_index=True)
    with pytest.warns(SmallSampleWarning, match="'pl' rests on 30"):
        model = SentimentModel(features="char").fit(
            d["text"].tolist(), d["label"].tolist(), d["lang"].tolist()
        )
    q = model.result_
    assert set(q.stacking) == {"*", "en"}  # Polish uses the joint stacker and n-gram model
    assert set(q.by_language["pl"]) == {"char", "final", "n"} and q.by_language["pl"]["n"] == 30
    assert q.calibration == (q.stacking["*"]["char"], q.stacking["*"]["intercept"])
    # predictions are the stacker applied to the n-gram model's logit, by language
    texts = en["text"].head(5).tolist()
    p_char = model.char_models_["en"].predict_proba(texts)[:, 1]
    z = np.log(p_char / (1 - p_char))
    w = q.stacking["en"]
    expected = 1 / (1 + np.exp(-(w["char"] * z + w["intercept"])))
    np.testing.assert_allclose(model.predict_proba(texts, ["en"] * 5), expected, rtol=1e-6)
    assert np.all(np.isfinite(model.predict_proba(["Bardzo dobre", "Hyvä"], ["pl", "fi"])))


def test_stacking_needs_three_folds():
    with pytest.raises(InputError, match="cv must be at least 3"):
        SentimentModel(cv=2).fit(["good"] * 30 + ["bad"] * 30, ["pos"] * 30 + ["neg"] * 30)


def test_score_sentiment_frame():
    out = score_sentiment(["Great laptop!", "Terrible support."], ["en", "en"])
    assert list(out.columns) == ["score", "label", "method"]
    assert out["label"].tolist() == ["positive", "negative"]
    assert (out["method"] == "lexicon").all()
