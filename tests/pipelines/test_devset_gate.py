"""Evaluation gate: the dev-set scores may not fall under the pinned floors.

Batches are reported apart because they mean different things: ``raw`` was read by the rule
authors from the start; ``raw2`` was labelled after the rules were written and scored once,
unread (lead F1 0.353), then read to find what the rules missed (so its figure is now
in-sample too). ``raw3`` was a round's locked split, scored once unread (0.341), then read;
``r4`` (the rest of three ``raw`` files, labelled in round 4) was the next one, scored once
unread (0.364), then read (see devset/README.md). The floors pin what each part scores today,
so a change that loses quality on any fails here. ``pages`` (round 5: the saved web pages, as
the crawl extracts them) holds one lead among 336 ordinary pages, so what it measures is false
alarms; it was scored once unread (one false alarm, the lead missed), then read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.devset import (
    LABELS_DIR,
    PAGES_BATCH,
    Labelled,
    group_of,
    labelled_texts,
    read_labels,
)
from piwatch.pipelines.leads.evaluate import evaluate
from piwatch.pipelines.leads.extract import extract

pytestmark = pytest.mark.corpus

FLOORS = {  # batch or round: (lead F1, business F1, conduct accuracy)
    "raw": (0.88, 0.82, 0.79),
    "raw2": (0.73, 0.53, 0.37),
    "raw3": (0.66, 0.55, 0.64),
    "r4": (0.44, 0.25, 0.20),
}


def _part(group: str) -> str:
    """A label round's groups (``raw/…@r4``) are their own part; others go by batch."""
    batch, _, round_ = group.partition("@")
    return round_ or batch.split("/")[0]


@pytest.fixture(scope="module")
def labelled(shared_corpus: Path) -> list[Labelled]:
    """Every labelled text, read once for the module: the saved pages' main text is extracted
    from their HTML, which takes seconds."""
    return list(labelled_texts(LABELS_DIR, shared_corpus / "leads"))


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_devset_floors(
    batch: str, labelled: list[Labelled], record_property: pytest.RecordProperty
) -> None:
    texts = [t for t in labelled if _part(t.group) == batch]
    if not texts:
        pytest.skip(f"no labelled texts of {batch} in {LABELS_DIR}")
    report = evaluate((t.label, extract(t.item, ExtractOptions()).to_contract()) for t in texts)
    record_property("labelled", report.n)
    print(
        f"{batch}: {report.n} texts, lead F1 {report.lead.f1:.3f}, "
        f"business F1 {report.business.f1:.3f}, conduct accuracy {report.conduct_accuracy:.3f}"
    )
    labels = [label for label in read_labels(LABELS_DIR) if _part(group_of(label)) == batch]
    assert report.n == len(labels), "every label must find its text"
    lead, business, conduct = FLOORS[batch]
    assert report.lead.f1 >= lead
    assert report.business.f1 >= business
    assert report.conduct_accuracy >= conduct


def _extracted(labelled: list[Labelled], group: str) -> list[tuple[dict, object]]:
    texts = [t for t in labelled if t.group == group]
    if not texts:
        pytest.skip(f"no labelled texts of {group}")
    return [(t.label, extract(t.item, ExtractOptions())) for t in texts]


def test_real_roundups_point_at_their_item(labelled: list[Labelled]) -> None:
    """Daily 60-second digests: every lead found points at the one line (item) it came from,
    and that line holds the business named."""
    found = [(label, e) for label, e in _extracted(labelled, "raw2/daily60s_news_digests")]
    leads = [e for label, e in found if label["is_lead"] and e.is_lead]
    assert len(leads) >= 3
    for e in leads:
        assert e.item is not None and e.item.heading
        assert all(b.name in e.item.heading for b in e.businesses), (e.item, e.businesses)


@pytest.mark.parametrize(
    ("group", "most_false"),
    [
        ("raw/lawbench_case_facts", 0),  # court facts, other crimes
        ("raw2/lecard_criminal_case_facts", 1),  # court facts where only individuals act
        ("raw2/ruanyf_weekly_digests", 0),  # explainers and tech commentary
        ("raw2/xinwenlianbo_cctv_news", 0),  # broadcast news: policy, campaigns
        ("raw/picker_negative_candidates@r4", 0),  # security news and write-ups
    ],
)
def test_real_hard_negatives_stay_quiet(
    labelled: list[Labelled], group: str, most_false: int
) -> None:
    found = _extracted(labelled, group)
    false_leads = [label["id"] for label, e in found if e.is_lead and not label["is_lead"]]
    assert len(false_leads) <= most_false, false_leads


PAGES_FALSE_ALARMS = 0
"""Ordinary news, blog, forum and government pages flagged as leads (of 335; the one false alarm
when scored unread was a press release whose 「存储」 of a location service read as collecting)."""


def test_ordinary_web_pages_raise_no_false_alarms(
    labelled: list[Labelled], shared_corpus: Path
) -> None:
    texts = [t for t in labelled if _part(t.group) == PAGES_BATCH]
    if not texts:
        pytest.skip(f"no saved pages under {shared_corpus / PAGES_BATCH} or labels of them")
    negatives = [t for t in texts if not t.label["is_lead"]]
    assert len(negatives) >= 300
    false_leads = [t.label["id"] for t in negatives if extract(t.item, ExtractOptions()).is_lead]
    assert len(false_leads) <= PAGES_FALSE_ALARMS, false_leads


NEWS_SENTENCE_FALSE_ALARMS = 2
"""Of the 12,091 news sentences of CLUENER2020 (``../shared/corpus/ner/cluener``; not labelled
for leads) the rules flagged 9 when first run on them, every one a false alarm when read (public
sources 「公开资料显示」, statistics, card transactions, people losing their own cards, a bank
whose ATM criminals fitted with skimmers). Lawful collocations of conduct words since joined
``not_conduct`` and the bare 「丢失」 (lost) left the breach cues; the 2 left are a bank whose
ATM was fitted with skimmers and an agency's website quoted as a source."""


def test_news_sentences_raise_few_false_alarms(shared_corpus: Path) -> None:
    folder = shared_corpus / "ner" / "cluener"
    if not folder.is_dir():
        pytest.skip(f"no CLUENER sentences under {folder}")
    decoder = json.JSONDecoder()
    sentences: list[str] = []
    for name in ("train.json", "dev.json"):  # pretty-printed objects one after another
        stream, at = (folder / name).read_text("utf-8"), 0
        while (at := _skip_space(stream, at)) < len(stream):
            record, at = decoder.raw_decode(stream, at)
            sentences.append(record["text"])
    assert len(sentences) > 12_000
    options = ExtractOptions()
    flagged = [
        text
        for n, text in enumerate(sentences)
        if extract(TextInput(id=str(n), text=text), options).is_lead
    ]
    assert len(flagged) <= NEWS_SENTENCE_FALSE_ALARMS, flagged


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at
