"""64-bit SimHash of a text's character trigrams, for grouping reposts of the same story."""

from __future__ import annotations

import re

import numpy as np

_KEEP = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9]+")
MAX_CHARS = 4000
"""Only the first characters of the text count: reposts differ at the end (ads, footers)."""
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads trigram codes over all 64 bits."""
    z = values
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def simhash(text: str) -> int:
    """SimHash over character trigrams of letters, digits and CJK (punctuation ignored)."""
    chars = _KEEP.sub("", text)[:MAX_CHARS]
    if len(chars) < 3:
        chars = chars.ljust(3, "\0")
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        grams = (codes[:-2] << np.uint64(42)) ^ (codes[1:-1] << np.uint64(21)) ^ codes[2:]
        hashes = _mix(grams) & _MASK
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    value = 0
    for position, vote in enumerate(votes):
        if vote > 0:
            value |= 1 << position
    return value


def hamming(a: int, b: int) -> int:
    """Number of differing bits; reposts of one story are usually within 3 of each other."""
    return (a ^ b).bit_count()


def near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two SimHashes are close enough to be the same story."""
    return hamming(a, b) <= max_distance
