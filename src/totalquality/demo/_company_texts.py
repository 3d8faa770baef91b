"""Comments and complaints of a random company, composed from the sentence banks.

A :class:`Writer` holds one company's bank (shared service topics, shared wished-for
features, its industry's topics) and its habits: how often customers greet, sign, add
"Sent from my iPhone" or "see attached", and how often a survey comment says nothing at
all ("Tere!", "Dziękuję!", "ok"). Customers writing in a language other than et/pl/en
write short texts about delivery, support, a product problem ("quality") or praise.
"""

from __future__ import annotations

import re

import numpy as np

from ._bank import BOILERPLATE, OTHER_LANGUAGES, SERVICE, SHARED_EMERGING, Bank, merge
from ._bank_industry import INDUSTRY_BANKS
from ._texts import casual

__all__ = ["FIRST_CLASS", "Writer"]

FIRST_CLASS = ("et", "pl", "en")
_YEAR = re.compile(r"\b(20\d\d)\b")
_COARSE = {"delivery": "delivery", "support": "support", "praise": "praise"}


class Writer:
    """Writes one company's texts; every choice is drawn from the ``rng`` passed in."""

    def __init__(self, industry: str, brand: str, years: set[int], boilerplate: float) -> None:
        bank = merge(SERVICE, SHARED_EMERGING, INDUSTRY_BANKS[industry])
        self.bank: Bank = _drop_other_years(bank, years)
        self.brand = brand
        #: 0.25 on an ordinary company, about 0.7 with the boilerplate confounder
        self.boilerplate = boilerplate

    # ------------------------------------------------------------------ pieces
    def _pick(self, rng: np.random.Generator, options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    def _fill(self, rng: np.random.Generator, text: str, order: str = "") -> str:
        if "{" not in text:
            return text
        return text.format(
            days=int(rng.integers(8, 31)),
            hours=int(rng.integers(2, 5)),
            order=order,
            brand=self.brand,
        )

    def boiler(self, rng: np.random.Generator, lang: str, kind: str, order: str = "") -> str:
        options = BOILERPLATE[lang if lang in FIRST_CLASS else "en"][kind]
        if not order:
            options = tuple(o for o in options if "{order}" not in o) or options
        return self._fill(rng, self._pick(rng, options), order)

    def sentence(self, rng: np.random.Generator, lang: str, topic: str, kind: str) -> str:
        if lang not in FIRST_CLASS:
            return self._other(rng, lang, topic, kind)
        by_kind = self.bank[topic][lang]
        options = by_kind.get(kind) or by_kind["neg"]
        return self._fill(rng, self._pick(rng, options))

    def _other(self, rng: np.random.Generator, lang: str, topic: str, kind: str) -> str:
        coarse = "praise" if kind == "pos" else _COARSE.get(topic, "quality")
        return self._pick(
            rng, OTHER_LANGUAGES[coarse][lang]["pos" if coarse == "praise" else "neg"]
        )

    # ------------------------------------------------------------------ texts
    def comment(self, rng: np.random.Generator, lang: str, parts: list[tuple[str, str]]) -> str:
        """A survey comment: the (topic, kind) parts in order, with optional framing."""
        if not parts:
            return self.boiler(rng, lang, "empty")
        negative = any(kind != "pos" for _, kind in parts)
        tone = "neg" if negative else "pos"
        out: list[str] = []
        if rng.random() < 0.3 * self.boilerplate and lang in FIRST_CLASS:
            out.append(self.boiler(rng, lang, "greeting"))
        if rng.random() < 0.12 and lang in FIRST_CLASS:
            out.append(self.boiler(rng, lang, f"opener_{tone}"))
        said: list[str] = []
        for topic, kind in parts:
            s = self.sentence(rng, lang, topic, kind)
            if s not in said:
                said.append(s)
        out.extend(said)
        if rng.random() < 0.15 and lang in FIRST_CLASS:
            out.append(self.boiler(rng, lang, f"closer_{tone}"))
        return casual(rng, " ".join(out))

    def complaint(
        self, rng: np.random.Generator, lang: str, topic: str, kind: str, order: str
    ) -> str:
        """A complaint letter: greeting, context, one or two problem sentences, sign-off."""
        b = self.boilerplate if lang in FIRST_CLASS else 0.0  # framing only in et/pl/en
        head: list[str] = []
        body: list[str] = []
        tail: list[str] = []
        if rng.random() < 0.4 + 0.5 * b and lang in FIRST_CLASS:
            head.append(self.boiler(rng, lang, "greeting"))
        if rng.random() < 0.3 + 0.5 * b and lang in FIRST_CLASS:
            context = self.boiler(rng, lang, "context", order)
            (body if context.endswith(".") else head).append(context)
        first = self.sentence(rng, lang, topic, kind)
        body.append(first)
        if rng.random() < 0.4:
            second = self.sentence(rng, lang, topic, kind)
            if second != first:
                body.append(second)
        if rng.random() < 0.3 * b:
            body.append(self.boiler(rng, lang, "attached"))
        if rng.random() < 0.3 + 0.5 * b:
            tail.append(self.boiler(rng, lang, "signoff"))
            if rng.random() < b:
                tail.append(self.boiler(rng, lang, "signature"))
        if rng.random() < 0.4 * b:
            tail.append(self.boiler(rng, lang, "device"))
        return "\n".join([*head, " ".join(body), *tail])


def _drop_other_years(bank: Bank, years: set[int]) -> Bank:
    """Sentences naming a year ("It's 2026 and …") only in companies living in that year."""
    out: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
    for topic, langs in bank.items():
        for lang, kinds in langs.items():
            for kind, sentences in kinds.items():
                kept = tuple(s for s in sentences if all(int(y) in years for y in _YEAR.findall(s)))
                out.setdefault(topic, {}).setdefault(lang, {})[kind] = kept or sentences
    return out
