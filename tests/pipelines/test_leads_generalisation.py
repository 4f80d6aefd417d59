"""General extraction rules found by error analysis on half of the development set, each shown
on short texts written for these tests (real-looking, invented)."""

from __future__ import annotations

from collections import Counter

from pipelines.leads import ExtractOptions, TextInput, extract
from pipelines.leads.conduct import PASSIVE_BREACH, choose_conduct, sentence_conduct
from pipelines.leads.lexicons import load_lexicons

OPTIONS = ExtractOptions()
LEX = load_lexicons(OPTIONS.lexicon_dir)


def counts(sentence: str) -> Counter[str]:
    return sentence_conduct(sentence, LEX.scan(sentence))


def test_leak_with_a_degree_word_is_still_passive() -> None:
    assert counts("多地车主个人信息遭大规模泄露") == Counter({PASSIVE_BREACH: 1})
    assert counts("会员资料被大量泄露") == Counter({PASSIVE_BREACH: 1})
    assert counts("该平台泄露会员资料") == Counter({"breach": 1})


def test_passive_leak_in_title_leaves_the_conduct_to_the_body() -> None:
    title = counts("上万名车主个人信息遭大规模泄露")
    body = counts("记者调查发现，一家名为“车信查”的平台正在批量出售车主个人信息。")
    assert choose_conduct(title, body) == ["disclose_or_sell"]
    # with no act in the body, the leak is the story
    assert choose_conduct(counts("上万名车主个人信息遭大规模泄露"), Counter()) == ["breach"]


def test_named_business_of_the_opening_brings_its_conduct() -> None:
    result = extract(
        TextInput(
            id="t",
            title="上万名车主个人信息遭大规模泄露，一条只要几分钱",
            text=(
                "本报记者调查发现，一家名为“车信查”的平台正在批量出售车主个人信息，"
                "包括姓名、手机号和车牌号。"
            ),
        ),
        OPTIONS,
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["车信查"]
    assert result.conduct == ["disclose_or_sell"]
