"""One definition of a clause for every rule that looks at one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from piwatch.pipelines.text.clauses import (
    CLAUSE_MARKS,
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


@given(st.text(alphabet=st.sampled_from("某公司，,；:。!?？\n"), max_size=40), st.data())
def test_a_clause_starts_just_after_the_last_mark_before_it(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    marks = [i for i, char in enumerate(text[:pos]) if char in CLAUSE_MARKS]
    assert clause_start(text, pos) == (marks[-1] + 1 if marks else 0)
