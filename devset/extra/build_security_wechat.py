"""Rebuild rounds 85 and 86 (``raw85``, ``raw86``): articles of Chinese security WeChat
accounts, 2020-2024.

``izj007/wechat`` (at 3de7f7e) saves articles of security WeChat public accounts as markdown, one
file an article (``articles/[account]-2023-6-16-title.md``): the page as a converter wrote it,
the account's card (name, WeChat id, description) and then the article, mostly penetration
tests, vulnerability write-ups and tools, some industry news. 1,397 articles.

A batch is a fixed list of articles named by SHA-256 of the title (``BATCHES``), of the articles
no labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw85``: every one with a personal-information word
(``archive.PI_KEYWORDS``) in its title, 23. ``raw86``: those without one there that the rules
of 7d06567 flag as leads, 6 of 1,324 (recall 1 by construction, a check of precision). A record
is the title, the article (cut at ``MAX_CHARS``), the day and the account as ``outlet``, in a
seeded shuffle; the archive kept no link, so ``url`` is the file's path. The texts are
third-party, so the repository keeps only this script, the lists and the labels
(``labels/raw85``, ``labels/raw86``); the texts are written where you say:

    git clone https://github.com/izj007/wechat /tmp/wechat
    python devset/extra/build_security_wechat.py /tmp/wechat ../extra/leads
    python devset/extra/build_security_wechat.py --batch raw86 /tmp/wechat ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
from pathlib import Path

from archive import Entries, ListedBatch, blob_texts, build_listed, tree_blobs

SOURCE = "izj007/wechat"
COMMIT = "3de7f7edc20777e0fb256eb204866383d42d5f2f"
MAX_CHARS = 15_000  # as raw2 cut its longest stories
_NAME = re.compile(
    r"articles/\[(?P<account>[^\]]*)\]-(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})-(?P<title>.+)\.md"
)


def entries(repo: Path) -> Entries:
    """Every article of ``articles/`` at ``COMMIT`` whose file name gives account, day and
    title, in the order of the names."""
    named = [
        (found, blob)
        for name, blob in tree_blobs(repo, COMMIT, "articles/")
        if (found := _NAME.fullmatch(name)) is not None
    ]
    out: Entries = []
    for (found, _), page in zip(named, blob_texts(repo, [blob for _, blob in named]), strict=True):
        out.append(
            {
                "source_path": found.string,
                "title": found.group("title").strip(),
                "text": page.strip(),
                "published": f"{found['y']}-{int(found['m']):02d}-{int(found['d']):02d}",
                "url": found.string,
                "outlet": found.group("account"),
            }
        )
    return out


BATCHES = {
    "raw85": ListedBatch("secwx85", 20270218, "security_wechat_articles_raw85.txt",
                         "security_wechat_articles_2020_2024.jsonl", (entries,), MAX_CHARS),
    "raw86": ListedBatch("secwxflag86", 20270220, "security_wechat_flagged_raw86.txt",
                         "security_wechat_flagged_articles_2020_2024.jsonl", (entries,),
                         MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
