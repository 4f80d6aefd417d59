"""One definition of a clause for every rule that looks at one."""

from __future__ import annotations

from piwatch.pipelines.text.clauses import (
    clause_after,
    clause_before,
    clause_end,
    clause_start,
    split_clauses,
)

SENTENCE = "记者致电该公司，询问信息泄露是否与其有关：对方未回应。"


def test_the_clause_around_a_position() -> None:
    pos = SENTENCE.index("泄露")
    assert (
        SENTENCE[clause_start(SENTENCE, pos) : clause_end(SENTENCE, pos)]
        == "询问信息泄露是否与其有关"
    )
    assert clause_before(SENTENCE, pos) == "询问信息"
    assert clause_after(SENTENCE, pos) == "泄露是否与其有关"


def test_edges_and_split() -> None:
    assert clause_start(SENTENCE, 2) == 0
    assert clause_end("没有标点", 0) == 4
    assert split_clauses(SENTENCE) == [
        "记者致电该公司",
        "询问信息泄露是否与其有关",
        "对方未回应",
        "",
    ]
