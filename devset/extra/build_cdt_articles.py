"""Rebuild round 84 (``raw84``): essays and posts a digital-times site reposted after they were
deleted or blocked in mainland China, June-July 2020.

``duty-machine/chinadigitaltimes`` (at 5183a6f) mirrored the site's Chinese feed as one markdown
file an article (``articles/<id>_<title>.md``): a link line whose text is the title, the date
(「日期：Mon, 22 Jun 2020 16:10:25 +0000」) and the article's HTML, ended by the feed's footer
(copyright, permalink, tags) after a rule. 227 articles: WeChat and Weibo essays deleted by the
platforms, personal accounts of consumers and citizens, commentary, news and netizens'
comments gathered by the site, with the original account or outlet in the title before 「｜」.

The batch is a fixed list of articles named by SHA-256 of the title (``BATCHES``): every article
with a personal-information word (``archive.PI_KEYWORDS``) in its title or text that no labelled
text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). A record is the title, the article's text (paragraphs a line, cut at
``MAX_CHARS``), its date and link, in a seeded shuffle. The texts are third-party, so the
repository keeps only this script, the list and the labels (``labels/raw84``); the texts are
written where you say:

    git clone https://github.com/duty-machine/chinadigitaltimes /tmp/chinadigitaltimes
    python devset/extra/build_cdt_articles.py /tmp/chinadigitaltimes ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

from archive import Entries, ListedBatch, blob_texts, build_listed, plain, tree_blobs

SOURCE = "duty-machine/chinadigitaltimes"
COMMIT = "5183a6f43e889137178dead7d1449001ab94fdc0"
MAX_CHARS = 15_000  # as raw2 cut its longest stories
_HEAD = re.compile(r"\[(?P<title>.+)\]\((?P<url>\S+)\)\n-+\n日期：(?P<date>[^\n]+)\n")
_FOOTER = "<hr />"


def entries(repo: Path) -> Entries:
    """Every article of ``articles/`` at ``COMMIT``, in the order of the files' names."""
    blobs = [
        (name, blob) for name, blob in tree_blobs(repo, COMMIT, "articles/") if name.endswith(".md")
    ]
    out: Entries = []
    for (name, _), page in zip(blobs, blob_texts(repo, [blob for _, blob in blobs]), strict=True):
        head = _HEAD.match(page)
        if head is None:
            continue
        body = page[head.end() :].split(_FOOTER, 1)[0]
        out.append(
            {
                "source_path": name,
                "title": head.group("title").strip(),
                "text": plain(body),
                "published": parsedate_to_datetime(head.group("date")).date().isoformat(),
                "url": head.group("url"),
            }
        )
    return out


BATCHES = {
    "raw84": ListedBatch("cdt84", 20270216, "cdt_articles_raw84.txt",
                         "reposted_deleted_articles_2020.jsonl", (entries,), MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
