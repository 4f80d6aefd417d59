"""Rebuild rounds 100, 101 and 104 to 108 (``raw100`` to ``raw108``): Hong Kong news, 2016-22.

News and commentary in traditional script.

``hkarchivist/hkcnews-article-archive`` (at 635cc02) backs up every article of a Hong Kong
online news outlet (眾新聞, Citizen News) from December 2016 to January 2022: 49,118 files
``articles/<range>/article_<n>.md``, each a YAML front matter (title, date, author, category,
tags, url) and the article in Markdown, ending with the outlet's subscription appeal. Hong Kong
is not mainland China (decision 6): a business's violation there is a lead only when it reaches
mainland consumers, so most of these are hard negatives for the rules' sense of place, in the
script the rules convert before reading.

A batch is a fixed list of articles named by SHA-256 (``BATCHES``; of the title), of the
articles no labelled text held when it was drawn (none of ``../shared`` and none of the batches
then under ``../extra/leads``). The keyword test reads the text converted to simplified script,
with Hong Kong's own words for personal data beside ``archive.PI_KEYWORDS`` (个人资料, 私隐,
个资). ``raw100``: 120 of the 1,698 unread articles with such a word, drawn at random (seed
20270322). ``raw101``: the 9 of the 25,785 without one that the rules of 1aacb34 flag as leads
(recall 1 by construction, a check of precision). ``raw104``: another 120 of the 1,578 with
such a word that no batch held after ``raw100`` (seed 20271207); ``raw105``: another 120 of
the 1,458 left after ``raw104`` (seed 20271210); ``raw106``: another 120 of the 1,338 left
after ``raw105`` (seed 20271214); ``raw107``: the 7 of the 1,218 with such a word left after
``raw106`` that the rules of e31ed4b flag as leads (recall 1 by construction, a check of
precision); ``raw108``: another 120 of the 1,211 with such a word left after ``raw107`` (seed
20271218). A record is the title, the
article's text without its footer, the date and the archived page's address, in a seeded
shuffle. The texts are third-party, so the repository keeps only this script, the lists and the
labels (``labels/raw100``, ``labels/raw101``, ``labels/raw104`` to ``labels/raw108``); the texts
are written where you say:

    git clone https://github.com/hkarchivist/hkcnews-article-archive /tmp/hkcnews
    python devset/extra/build_hkcnews.py /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw101 /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw104 /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw105 /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw106 /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw107 /tmp/hkcnews ../extra/leads
    python devset/extra/build_hkcnews.py --batch raw108 /tmp/hkcnews ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
from pathlib import Path

from archive import Entries, ListedBatch, blob_texts, build_listed, plain, tree_blobs

SOURCE = "hkarchivist/hkcnews-article-archive"
COMMIT = "635cc02f3c0fcd3d8c829c68cd2fe07f50adfc25"
MAX_CHARS = 15_000  # as raw2 cut its longest stories
_FRONT = re.compile(r"---\n(?P<meta>.*?)\n---\n", re.S)
_FIELD = re.compile(r'^(?P<key>title|date|url): "(?P<value>.*)"$', re.M)
_FOOTER = re.compile(r"\n---\s*\n+請加入成為眾新聞")
_HEADING = re.compile(r"^#\s+[^\n]*\n+")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}", re.S)
"""「{{< video src=… >}}」: an embedded video."""
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_APPEAL = re.compile(r"^請支持《眾新聞》.*$", re.M)


def entries(repo: Path) -> Entries:
    """Every article of ``articles/`` at ``COMMIT`` with a title and a text, in the order of the
    files' names, the first of those sharing a title (an article updated later); the text
    without its repeated heading, its footer, its embedded images and videos and its links'
    addresses."""
    blobs = [
        (name, blob) for name, blob in tree_blobs(repo, COMMIT, "articles/") if name.endswith(".md")
    ]
    out: Entries = []
    titles: set[str] = set()
    for (name, _), page in zip(blobs, blob_texts(repo, [blob for _, blob in blobs]), strict=True):
        front = _FRONT.match(page)
        if front is None:
            continue
        meta = {m.group("key"): m.group("value") for m in _FIELD.finditer(front.group("meta"))}
        title = meta.get("title", "").strip()
        if not title or title in titles:
            continue
        body = _HEADING.sub("", page[front.end() :].lstrip(), count=1)
        body = _FOOTER.split(body, 1)[0]
        body = _LINK.sub(r"\1", _IMAGE.sub("", _SHORTCODE.sub("", body)))
        body = _APPEAL.sub("", plain(body)).strip()
        if not body:
            continue
        titles.add(title)
        out.append(
            {
                "source_path": name,
                "title": title,
                "text": body,
                "published": meta.get("date") or None,
                "url": meta.get("url"),
            }
        )
    return out


BATCHES = {
    "raw100": ListedBatch("hkc100", 20270326, "hkcnews_articles_raw100.txt",
                          "hong_kong_news_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw101": ListedBatch("hkcflag101", 20270328, "hkcnews_flagged_raw101.txt",
                          "hong_kong_news_flagged_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw104": ListedBatch("hkc104", 20271208, "hkcnews_articles_raw104.txt",
                          "hong_kong_news_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw105": ListedBatch("hkc105", 20271211, "hkcnews_articles_raw105.txt",
                          "hong_kong_news_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw106": ListedBatch("hkc106", 20271215, "hkcnews_articles_raw106.txt",
                          "hong_kong_news_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw107": ListedBatch("hkcflag107", 20271216, "hkcnews_flagged_raw107.txt",
                          "hong_kong_news_flagged_2016_2022.jsonl", (entries,), MAX_CHARS),
    "raw108": ListedBatch("hkc108", 20271219, "hkcnews_articles_raw108.txt",
                          "hong_kong_news_2016_2022.jsonl", (entries,), MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
