"""Search folding: one spelling for comparing what a person types with what is stored.

Case goes (casefold: «Øyvind» = «øyvind»), and accents that Norwegians type or leave out at
will go (á → a, č → c, é → e; the Sámi letters đ ŋ ŧ ž → d n t z). The Norwegian letters æ, ø
and å stay what they are: they are letters of their own, and «Ås» is not «As». The Swedish and
Kven spellings ä and ö fold into æ and ø. static/js/kommune.js folds the same way in the
browser.
"""

from __future__ import annotations

import functools
import unicodedata

_KEEP = {"æ": "\x01", "ø": "\x02", "å": "\x03"}
_BACK = {v: k for k, v in _KEEP.items()}
_LETTERS = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t", "ʒ": "z", "ǯ": "z", "ä": "æ", "ö": "ø",
                          "ß": "ss"})


def fold(text: str | None) -> str:
    """«Áile Øyvind-Čoahkki» → «aile øyvind-coahkki»."""
    if not text:
        return ""
    if text.isascii():  # nothing to fold but the case
        return text.casefold()
    return _fold_letters(text)


# Workplaces and names repeat (a rush brings a kommune's nursing homes many times over), and
# folding letter by letter is the slow part: each process remembers the latest spellings.
@functools.lru_cache(maxsize=4096)
def _fold_letters(text: str) -> str:
    value = unicodedata.normalize("NFC", text).casefold().translate(_LETTERS)
    value = "".join(_KEEP.get(c, c) for c in value)
    value = "".join(c for c in unicodedata.normalize("NFD", value)
                    if not unicodedata.combining(c))
    return "".join(_BACK.get(c, c) for c in value)
