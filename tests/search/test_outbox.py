"""The outbox on disk: append, acknowledge, failure reasons, compaction, torn lines."""

from __future__ import annotations

from pathlib import Path

from piwatch.search.outbox import Entry, Outbox


def entries(n: int) -> list[Entry]:
    return [Entry("p-articles", f"id{i}", "index", {"title": f"标题{i}"}) for i in range(n)]


def test_pending_until_acknowledged(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    stored = outbox.append(entries(3))
    assert [e.key.rsplit(":", 1)[1] for e in stored] == ["0", "1", "2"]
    outbox.ack([stored[1].key])
    outbox.fail([(stored[2].key, "status 400: mapper_parsing_exception")])
    # A new instance (another process, the next run) sees the same state.
    pending = list(Outbox(tmp_path).pending())
    assert [(e.id, e.reason) for e in pending] == [
        ("id0", None),
        ("id2", "status 400: mapper_parsing_exception"),
    ]
    assert pending[0].doc == {"title": "标题0"}


def test_update_entries_keep_their_upsert(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    outbox.append(
        [Entry("p-leads", "l1", "update", {"score": 0.5}, {"score": 0.5, "status": "new"})]
    )
    (entry,) = Outbox(tmp_path).pending()
    assert entry.op == "update"
    assert entry.upsert == {"score": 0.5, "status": "new"}


def test_compaction_removes_only_fully_acknowledged_segments(tmp_path: Path) -> None:
    first = Outbox(tmp_path)
    done = first.append(entries(2))
    first.ack(e.key for e in done)
    first.close()
    assert list(tmp_path.iterdir()) == []
    second = Outbox(tmp_path)
    half = second.append(entries(2))
    second.ack([half[0].key])
    second.close()
    assert [e.id for e in Outbox(tmp_path).pending()] == ["id1"]


def test_segments_rotate_by_size(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path, max_segment_bytes=1)
    outbox.append(entries(1))
    outbox.append(entries(1))
    assert len(outbox.segments()) == 2
    assert outbox.count() == 2


def test_a_torn_last_line_is_skipped_and_does_not_block_compaction(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    stored = outbox.append(entries(2))
    segment = outbox.segments()[0]
    with segment.open("a", encoding="utf-8") as handle:
        handle.write('{"index": "p-articles", "id": "to')  # a crash in the middle of a write
    assert [e.id for e in Outbox(tmp_path).pending()] == ["id0", "id1"]
    outbox.ack(e.key for e in stored)
    outbox.close()
    assert list(tmp_path.iterdir()) == []
