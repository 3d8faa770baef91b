"""Sentiment quality on real labelled reviews, per language and path (docs/text-quality.md).

References (tests/reference/text/README.md): PolEmo 2.0 KLEJ dev (pl, Kocoń et al. 2019), the
Estonian Valence corpus (et, Pajupuu et al. 2016), UCI Sentiment Labelled Sentences (en,
Kotzias et al. 2015); positive vs negative only, macro-F1. The README's orientation figures for
character n-gram TF-IDF + logistic regression are 0.902 / 0.755 / 0.838.

Floors are the values measured here (never lowered afterwards):
- organisation-data path, character + word n-grams, per-language models, 5-fold CV:
  pl 0.906, et 0.756, en 0.846 (with embeddings, not run in tests because embedding 5,000
  texts takes ~10 min: 0.938 / 0.799 / 0.934 — see docs/text-quality.md);
- shipped lexicon path (no training): pl 0.812, et 0.662, en 0.789.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from totalquality import InsufficientDataError
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
    # calibrated scores are on −1…1 and agree with the labels they were trained on
    scores = model.predict_score(reviews["text"].head(50).tolist(), reviews["lang"].head(50))
    assert np.all((scores >= -1) & (scores <= 1))


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


def test_score_sentiment_frame():
    out = score_sentiment(["Great laptop!", "Terrible support."], ["en", "en"])
    assert list(out.columns) == ["score", "label", "method"]
    assert out["label"].tolist() == ["positive", "negative"]
    assert (out["method"] == "lexicon").all()
