"""Search keys of Chinese names: full pinyin and initials, so that "zs" finds 张三.

pypinyin gives each character's readings; polyphonic characters (单, 曾, 解, …) give every
reading's initial, so 曾小明 is found by both "zxm" and "cxm". Readings are looked up per
character and remembered: names reuse a few thousand characters.
"""

from __future__ import annotations

from functools import lru_cache

MAX_ALTERNATIVES = 8


@lru_cache(maxsize=16384)
def _readings(char: str) -> tuple[str, ...]:
    # pypinyin loads its phrase dictionary on import (a quarter of a second): the first
    # name to index pays it, not the start of every program that may index names.
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="default")
    return tuple(r.lower() for r in found[0]) if found and found[0] else (char.lower(),)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a name; alternatives separated by "|": "zs", "zhangsan"."""
    readings = [_readings(ch) for ch in name if not ch.isspace()]
    initials = {""}
    for options in readings:
        firsts = sorted({r[:1] for r in options})
        initials = {i + f for i in initials for f in firsts}
        if len(initials) > MAX_ALTERNATIVES:  # a name of many polyphonic characters
            initials = set(sorted(initials)[:MAX_ALTERNATIVES])
    return "|".join(sorted(initials)), "".join(options[0] for options in readings)
