"""understand — what customers write, offline, in Estonian, Polish and English.

Language identification (:func:`detect_languages`), normalisation (:class:`Normaliser`),
sentiment on −1…1 (:class:`SentimentModel` learned from the organisation's own NPS/CSAT-labelled
comments, or the shipped :class:`LexiconSentiment`), cross-lingual topics
(:class:`TopicModel`, with user edits as pure functions on the topic table), emerging topics and
terms (:func:`emerging_terms`, :func:`emerging_topics`) and the workspace section
(:func:`run_section`). Other languages pass through: they get a language code, embeddings and
topics, but no lexicon sentiment.
"""

from ._embed import TextEmbedder, center_by_language, text_key
from ._emerging import (
    EmergingItem,
    EmergingResult,
    benjamini_hochberg,
    detect_bursts,
    emerging_items,
    emerging_terms,
    emerging_topics,
)
from ._language import FIRST_CLASS_LANGUAGES, UNKNOWN, detect_language, detect_languages
from ._normalise import Normaliser, lemmatise, stop_words, tokenize
from ._section import run_section
from ._sentiment import (
    LexiconSentiment,
    SentimentModel,
    SentimentQuality,
    label_scores,
    labels_from_scores,
    score_sentiment,
    shipped_sentiment,
)
from ._topics import (
    Topic,
    TopicModel,
    TopicsResult,
    map_topic,
    merge_topics,
    pin_topic,
    rename_topic,
    resolve_merges,
    segment_texts,
    split_sentences,
    split_topic,
)

__all__ = [
    "FIRST_CLASS_LANGUAGES",
    "UNKNOWN",
    "EmergingItem",
    "EmergingResult",
    "LexiconSentiment",
    "Normaliser",
    "SentimentModel",
    "SentimentQuality",
    "TextEmbedder",
    "Topic",
    "TopicModel",
    "TopicsResult",
    "benjamini_hochberg",
    "center_by_language",
    "detect_bursts",
    "detect_language",
    "detect_languages",
    "emerging_items",
    "emerging_terms",
    "emerging_topics",
    "label_scores",
    "labels_from_scores",
    "lemmatise",
    "map_topic",
    "merge_topics",
    "pin_topic",
    "rename_topic",
    "resolve_merges",
    "run_section",
    "score_sentiment",
    "segment_texts",
    "shipped_sentiment",
    "split_sentences",
    "split_topic",
    "stop_words",
    "text_key",
    "tokenize",
]
