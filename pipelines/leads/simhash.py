"""64-bit SimHash of a text's character trigrams, for grouping reposts of the same story."""

from __future__ import annotations

import re
import sys
from array import array

_KEEP = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9]+")
MAX_CHARS = 4000
"""Only the first characters of the text count: reposts differ at the end (ads, footers)."""
_MASK = (1 << 64) - 1
_BIT = [bytes((value >> bit) & 1 for value in range(256)) for bit in range(8)]
"""Per bit of a byte, a table that maps each byte to that bit (for ``bytes.translate``)."""


def _lanes(values: array[int]) -> int:
    """``values`` as one integer, each in a 128-bit lane of its own (upper half zero)."""
    spaced = array("Q", bytes(16 * len(values)))
    spaced[::2] = values
    return int.from_bytes(spaced.tobytes(), sys.byteorder)


def simhash(text: str) -> int:
    """SimHash over character trigrams of letters, digits and CJK (punctuation ignored).

    Each bit is set when most trigram hashes have it. The trigrams are hashed all at once: each
    sits in a 128-bit lane of one integer, so splitmix64's multiplications keep their carries
    in the lane (a Python loop over the trigrams cost four times as much); each bit's count is
    then one ``translate`` and ``count`` over a byte column of the hashes."""
    chars = _KEEP.sub("", text)[:MAX_CHARS]
    if len(chars) < 3:
        chars = chars.ljust(3, "\0")
    codes = array("Q", map(ord, chars))
    n = len(codes) - 2
    low = _lanes(array("Q", [_MASK]) * n)  # the low 64 bits of every lane
    z = (_lanes(codes[:n]) << 42) ^ (_lanes(codes[1 : n + 1]) << 21) ^ _lanes(codes[2:])
    # splitmix64's finaliser, lane by lane: spreads a trigram's code over all 64 bits
    z = (((z ^ (z >> 30)) & low) * 0xBF58476D1CE4E5B9) & low
    z = (((z ^ (z >> 27)) & low) * 0x94D049BB133111EB) & low
    z = (z ^ (z >> 31)) & low
    hashes = z.to_bytes(16 * n, "little")
    value = 0
    for byte in range(8):
        column = hashes[byte::16]  # that byte of every hash
        for bit in range(8):
            if 2 * column.translate(_BIT[bit]).count(1) > n:
                value |= 1 << (8 * byte + bit)
    return value


def hamming(a: int, b: int) -> int:
    """Number of differing bits; reposts of one story are usually within 3 of each other."""
    return (a ^ b).bit_count()


def near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two SimHashes are close enough to be the same story."""
    return hamming(a, b) <= max_distance
