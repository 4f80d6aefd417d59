"""Extraction's tagger (rjieba with user words): tags, a word jieba does not know, and 某."""

from __future__ import annotations

from piwatch.pipelines.text.segment import Tagged, Tagger


def test_user_words_keep_their_tags() -> None:
    tagger = Tagger([("探客查", "nt")])
    assert Tagged("探客查", "nt") in tagger.cut("探客查出售个人信息")
    assert "探客查" in tagger.words("探客查出售个人信息")


def test_the_determiner_is_never_glued_to_an_unknown_character() -> None:
    """The HMM joins 某 to the next character of a word it does not know (「某长」/「租」); the
    tagger cuts 某 off and reads the rest again, so 「长租」 comes back whole."""
    words = [t.word for t in Tagger([]).cut("北京某长租公寓泄露租客信息")]
    assert words[:4] == ["北京", "某", "长租", "公寓"]
    assert "".join(words) == "北京某长租公寓泄露租客信息"


def test_known_tells_dictionary_words_from_coined_ones() -> None:
    tagger = Tagger([])
    assert tagger.known("公司") and tagger.known("泄露")
    assert not tagger.known("颜究")  # a trade name jieba's dictionary lacks


def test_words_without_hmm_leave_unknown_runs_as_characters() -> None:
    assert Tagger([]).words("速贷宝", hmm=False) == ["速", "贷", "宝"]
