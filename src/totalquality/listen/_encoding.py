"""Which text encoding a table file is in: UTF-8, UTF-16 or an office's Windows code page.

Offices in Estonia and Poland save CSV from Excel in Windows-1257 (Baltic) or
Windows-1250 (Central European) as often as in UTF-8. Those encodings give the same
bytes different letters, so the file's bytes alone do not say which it is: each
candidate decoding is scored by how plausible its non-ASCII characters are for
Estonian, Polish and English text (``õ``, ``š``, ``ł``, ``ż``, typographic quotes and
dashes score; ``³``, ``¿``, ``ð`` or control characters inside words count against).
When two decodings that differ come out close, the file is refused rather than
guessed, naming the encodings tried and how to save the file as UTF-8.

A file that is UTF-8 almost everywhere but holds a byte that is not (a row pasted from
another file) is *mixed*: re-reading the whole file in another encoding would garble
every valid row, so it is refused, naming the row of the first bad byte.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from .._i18n import Message, msg

UTF8_BOM = b"\xef\xbb\xbf"

#: letters of the languages the data is in (Estonian, Polish); English needs none
_ET = set("õäöüšžÕÄÖÜŠŽ")
_PL = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
#: punctuation an office's text editor puts in (curly quotes, dashes, euro, degrees)
_TYPOGRAPHIC = set("‘’‚“”„–—…€•«»°§©®™·×±½¼¾")
#: other Western European letters: names and loan words (Müller, café, Muñoz)
_WESTERN = set("àáâãåæçèéêëìíîïñòôøùúûýÿßÀÁÂÃÅÆÇÈÉÊËÌÍÎÏÑÒÔØÙÚÛÝŸ")

#: the single-byte candidates, in the order a tie is reported
LEGACY = (
    ("cp1250", "Windows-1250 (Central European: Polish)"),
    ("cp1257", "Windows-1257 (Baltic: Estonian)"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("latin-1", "Latin-1 (ISO-8859-1)"),
)
_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", **dict(LEGACY)}
#: how far ahead the best decoding must score to be chosen without asking
_MARGIN = 4


@dataclass(frozen=True)
class Decoded:
    """A file's text as UTF-8 bytes (no byte-order mark), or why it cannot be decoded safely."""

    data: bytes | None
    encoding: str
    #: a sentence for the user when the text was read in an encoding other than UTF-8
    note: Message | None = None
    #: why the file was refused (``data`` is None)
    refusal: Message | None = None
    #: the 1-based line of the first byte that is not UTF-8 (mixed files)
    line: int | None = None


def decode(data: bytes) -> Decoded:
    """The text of a table file's bytes, with the encoding it was read in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _utf16(data, utf16)
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if body.isascii():  # most big files (measurements): no decoding needed to know
        return Decoded(body, "utf-8")
    first_bad = first_invalid_utf8(body)
    if first_bad is None:
        return Decoded(body, "utf-8")
    if data.startswith(UTF8_BOM) or _has_plausible_utf8(body):
        return _mixed(body, first_bad)
    return _legacy(body)


def _utf16(data: bytes, codec: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return Decoded(
            None,
            codec,
            refusal=msg(
                "the file looks like UTF-16 but is not valid UTF-16; save it as UTF-8 "
                "(Excel: File › Save As › CSV UTF-8)"
            ),
        )
    return Decoded(
        text.lstrip("\ufeff").encode("utf-8"),
        "utf-16",
        note=msg("read as UTF-16; UTF-8 is preferred"),
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes look like mostly-ASCII UTF-16 text, else None."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def first_invalid_utf8(body: bytes, chunk: int = 8 * 1024 * 1024) -> int | None:
    """The offset of the first byte that is not UTF-8, else None (checked in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(body), chunk):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(body[start : start + chunk])
        except UnicodeDecodeError as exc:
            return start - pending + exc.start
    if decoder.getstate()[0]:
        return len(body) - len(decoder.getstate()[0])
    return None


def _plausibility(ch: str) -> int:
    """How likely a non-ASCII character is in et/pl/en office data (positive: likely)."""
    if ch in _ET or ch in _PL or ch in _TYPOGRAPHIC:
        return 3
    if ch in _WESTERN or ch == "\u00a0":
        return 1
    if unicodedata.category(ch).startswith("L"):
        return -2  # a letter of another alphabet or language (ő, đ, ů, Cyrillic)
    return -4  # a symbol or control character where a letter should be (³, ¿, \x81)


def _has_plausible_utf8(body: bytes) -> bool:
    """Whether the bytes hold valid multi-byte UTF-8 characters that make sense as letters."""
    text = body.decode("utf-8", errors="surrogateescape")
    return any(
        ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF and _plausibility(ch) > 0 for ch in text
    )


def _line_of(body: bytes, offset: int) -> int:
    return body.count(b"\n", 0, offset) + 1


def _mixed(body: bytes, first_bad: int) -> Decoded:
    line = _line_of(body, first_bad)
    return Decoded(
        None,
        "utf-8",
        refusal=msg(
            "the file is UTF-8 but byte 0x{byte} on line {line} (byte offset {offset}) is not: "
            "the file mixes encodings, so it was not read (reading it all in another encoding "
            "would garble its valid rows). Retype the letters on that line, or save the whole "
            "file again as UTF-8 (Excel: File › Save As › CSV UTF-8)",
            byte=f"{body[first_bad]:02X}",
            line=str(line),
            offset=str(first_bad),
        ),
        line=line,
    )


def _legacy(body: bytes) -> Decoded:
    """Choose among the Windows code pages by the plausibility of their letters.

    Single-byte code pages map each byte to one character, so a histogram of the bytes
    above 0x7F scores every candidate without decoding the file more than once.
    """
    import numpy as np

    counts = np.bincount(np.frombuffer(body, dtype=np.uint8), minlength=256)
    high = [b for b in range(128, 256) if counts[b]]
    # decodings giving the same characters are one choice (é is é in all three code pages)
    choices: dict[str, tuple[int, list[str]]] = {}
    for codec, _name in LEGACY:
        try:
            chars = "".join(bytes([b]).decode(codec) for b in high)
        except UnicodeDecodeError:
            continue  # a byte this code page does not define
        points = sum(int(counts[b]) * _plausibility(ch) for b, ch in zip(high, chars, strict=True))
        choices.setdefault(chars, (points, []))[1].append(codec)
    ranked = sorted(choices.items(), key=lambda kv: kv[1][0], reverse=True)
    best_chars, (best, codecs_used) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else None
    codec = codecs_used[0]
    if best <= 0 or (runner_up is not None and best - runner_up < _MARGIN):
        return Decoded(
            None,
            codec,
            refusal=msg(
                "the file is not UTF-8 and its encoding cannot be told safely (tried {tried}; "
                "the letters fit more than one, or none). Save it as UTF-8: in Excel, File › "
                "Save As › CSV UTF-8 (Comma delimited); in LibreOffice, tick Edit filter "
                "settings and choose Unicode (UTF-8)",
                tried=", ".join(["UTF-8", "UTF-16", *(name for _c, name in LEGACY)]),
            ),
        )
    letters = "".join(sorted({ch for ch in best_chars if _plausibility(ch) > 0}))
    return Decoded(
        body.decode(codec).encode("utf-8"),
        codec,
        note=msg(
            "not UTF-8: read as {encoding}, chosen by its letters ({letters}); check them, "
            "or save the file as UTF-8 to be sure",
            # code pages that agree on every byte of this file are named together
            encoding=" = ".join(_NAMES[c] for c in codecs_used),
            letters=letters[:20],
        ),
    )


__all__ = ["UTF8_BOM", "Decoded", "decode", "first_invalid_utf8"]
