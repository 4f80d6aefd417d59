"""Rebuild round 102 (``raw102``): Weibo posts of 2015-2016 on public topics from a
stance-detection task.

``jacoxu/2016NLPCC_Stance_Detection`` (at 185c763) keeps the data of NLPCC 2016's Chinese stance
detection task: Weibo posts on iPhone SE, the two-child policy, Russia's campaign in Syria,
Shenzhen's ban on motorbikes, firecrackers at Spring Festival and other topics, one line a post
(id, topic, text, and in some files the stance), in the four files of ``FILES`` (one in
GB18030), 20,011 distinct posts. Posts on any topic mention what people meet in daily life:
calls, sales, registrations, leaks.

A batch is a fixed list of posts named by SHA-256 (``BATCHES``; of the text), of the distinct posts
no labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw102``: every one with a personal-information word
(``archive.PI_KEYWORDS``), 51; the rules of 705fc6d flag none of the 19,383 others, so there is
no batch of flagged posts. A record is the post as its text, no title, the file and id as
``url`` and no date, in a seeded shuffle. The texts are third-party, so the repository keeps only
this script, the list and the labels (``labels/raw102``); the texts are written where you say:

    git clone https://github.com/jacoxu/2016NLPCC_Stance_Detection /tmp/stance
    python devset/extra/build_stance_weibo.py /tmp/stance ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git_bytes, untitled_texts

SOURCE = "jacoxu/2016NLPCC_Stance_Detection"
COMMIT = "185c76329ec77be974d21e6259696d2c1d84b871"
FILES = (
    "data/NLPCC2016_Stance_Detection_Task_A_Testdata.txt",
    "data/NLPCC_2016_Stance_Detection_Task_A_Unknown.txt",
    "data/evasampledata4-TaskAA.txt",
    "data/evasampledata4-TaskAR.txt",
)


def _decoded(data: bytes) -> str:
    """A file in UTF-8 (with or without its byte-order mark) or, failing that, GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _posts(repo: Path, path: str) -> Iterator[tuple[str, str, str]]:
    """(file, row id, post) of one file; a last column after the text holds the stance in the
    labelled files."""
    header, *lines = _decoded(git_bytes(repo, "show", f"{COMMIT}:{path}")).splitlines()
    stance = header.rstrip().endswith("STANCE")
    for line in lines:
        row_id, _, topic_and_text = line.partition("\t")
        text = topic_and_text.partition("\t")[2]
        yield path, row_id, text.rsplit("\t", 1)[0] if stance else text


def entries(repo: Path) -> Entries:
    """Every distinct post of ``FILES`` at ``COMMIT``, in file and line order."""
    return untitled_texts(post for path in FILES for post in _posts(repo, path))


BATCHES = {
    "raw102": ListedBatch("stance102", 20270330, "stance_weibo_raw102.txt",
                          "weibo_topic_posts_2015_2016.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
