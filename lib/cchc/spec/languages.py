"""The languages of the interface, and the check of a language a user asks for."""

from __future__ import annotations

from cchc.errors import ParameterError
from cchc.messages import LANGS

__all__ = ["LANGS", "check_lang"]


def check_lang(lang: str, parameter: str = "lang") -> int:
    """The position of ``lang`` in :data:`LANGS`; a ParameterError naming ``parameter``
    for anything else.

    >>> check_lang("en")
    1
    """
    if lang not in LANGS:
        raise ParameterError.one(parameter, "one_of", lang, allowed=", ".join(LANGS))
    return LANGS.index(lang)
