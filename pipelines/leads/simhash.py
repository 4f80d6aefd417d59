"""64-bit SimHash of a text's character trigrams, for grouping reposts of the same story."""

from __future__ import annotations

import re
import sys
from array import array

_KEEP = re.compile(r"[^\u4e00-\u9fa5A-Za-z0-9]+")
MAX_CHARS = 4000
"""Only the first characters of the text count: reposts differ at the end (ads, footers)."""
_MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    """splitmix64 finaliser: spreads a trigram code over all 64 bits."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def simhash(text: str) -> int:
    """SimHash over character trigrams of letters, digits and CJK (punctuation ignored).

    Each bit is set when most trigram hashes have it. The hashes are laid side by side in one
    integer (64 bits each), so a bit's count over all of them is one mask and one popcount."""
    chars = _KEEP.sub("", text)[:MAX_CHARS]
    if len(chars) < 3:
        chars = chars.ljust(3, "\0")
    codes = [ord(char) for char in chars]
    trigrams = zip(codes, codes[1:], codes[2:], strict=False)  # the shorter ones end it
    hashes = array("Q", [_mix((a << 42) ^ (b << 21) ^ c) for a, b, c in trigrams])
    lanes = int.from_bytes(hashes.tobytes(), sys.byteorder)
    ones = int.from_bytes(array("Q", [1]).tobytes() * len(hashes), sys.byteorder)
    value = 0
    for position in range(64):
        if 2 * ((lanes >> position) & ones).bit_count() > len(hashes):
            value |= 1 << position
    return value


def hamming(a: int, b: int) -> int:
    """Number of differing bits; reposts of one story are usually within 3 of each other."""
    return (a ^ b).bit_count()


def near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two SimHashes are close enough to be the same story."""
    return hamming(a, b) <= max_distance
