"""The learned lead decision: `piwatch train` rebuilds a model reproducibly, and extraction uses
it when configured. Texts written for these tests, plus a fixed subset of the real labels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.calibration import load_calibration, score_features
from piwatch.pipelines.leads.decision import LeadModel
from piwatch.pipelines.leads.devset import LABELS_DIR, labelled_texts
from piwatch.pipelines.leads.extract import extract, read_text
from piwatch.pipelines.leads.training import Params, read_examples, train, train_score
from piwatch.pipelines.options import SCORE_PATH

LEADS = [
    (
        "某房产中介出售业主信息被罚",
        "深圳某房产中介公司将业主姓名电话出售给装修公司，被市场监管局罚款。",
    ),
    ("快递网点员工倒卖面单", "广州某快递网点员工倒卖快递面单信息三千余条，已被警方查处。"),
    ("培训机构泄露学员信息", "杭州一家培训机构泄露学员家长手机号，家长天天接到推销电话。"),
    ("贷款平台违规收集通讯录", "某网络小贷平台强制读取借款人通讯录并向联系人发送催收短信。"),
    ("装修公司天天打电话", "刚买房就接到十几家装修公司电话，某装修公司承认从中介处购买业主信息。"),
    ("酒店泄露住客信息", "某连锁酒店员工将住客身份证号和房号卖给他人，酒店被责令整改。"),
]
OTHERS = [
    ("如何保护个人信息", "专家提醒：不要随意透露手机号码，注意保护个人隐私。"),
    ("个人信息保护法解读", "个人信息保护法规定处理个人信息应当取得个人同意。"),
    ("天气预报", "明天多云转晴，气温十五到二十度，适宜出行。"),
    ("电影上映", "这部电影讲述一家人的故事，首周票房过亿。"),
    ("男子偷拍被拘", "一男子在商场偷拍他人，被警方行政拘留十日。"),
    ("股市收盘", "沪指今日小幅上涨，成交量较前一交易日放大。"),
]
LEAD_LABEL = {"businesses": ["某机构"], "businesses_truncated": False,
              "conduct": ["disclose_or_sell"], "sectors": ["other"], "confidence": "high",
              "why": "written"}  # fmt: skip
NO_LEAD = {"businesses": [], "businesses_truncated": False, "conduct": [], "sectors": [],
           "confidence": "high", "why": "written"}  # fmt: skip


def _written_set(root: Path) -> tuple[Path, Path]:
    """Two groups of written texts, each with leads and non-leads."""
    corpus, labels = root / "corpus", root / "labels"
    for g, batch in enumerate(("alpha", "beta")):
        (corpus / batch).mkdir(parents=True)
        (labels / batch).mkdir(parents=True)
        records, golds = [], []
        for kind, texts in (("lead", LEADS), ("other", OTHERS)):
            for n, (title, text) in enumerate(texts[g * 3 : g * 3 + 3]):
                doc_id = f"{batch}-{kind}-{n}"
                records.append({"id": doc_id, "title": title, "text": text})
                golds.append({"id": doc_id, "file": "texts.jsonl", "is_lead": kind == "lead",
                              **(LEAD_LABEL if kind == "lead" else NO_LEAD)})  # fmt: skip
        for path, rows in ((corpus / batch / "texts.jsonl", records),
                           (labels / batch / "texts.jsonl", golds)):  # fmt: skip
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return corpus, labels


def _train(
    root: Path, corpus: Path, labels: Path, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIWATCH_CONFIG": ""}
    return subprocess.run(
        [sys.executable, "-m", "piwatch", "train", "--corpus", str(corpus), "--labels",
         str(labels), "--out", str(out), "--seed", "7", *extra],
        env=env, cwd=root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_train_rebuilds_the_same_model_and_extract_uses_it(tmp_path: Path) -> None:
    corpus, labels = _written_set(tmp_path)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for out in (first, second):
        done = _train(tmp_path, corpus, labels, out, "--decision")
        assert done.returncode == 0, done.stderr
        assert "12 texts in 2 groups" in done.stderr
    assert first.read_bytes() == second.read_bytes()
    model = LeadModel.from_json(json.loads(first.read_text(encoding="utf-8")))
    assert model.calibration[0] < 0  # a larger margin means a likelier lead
    options = ExtractOptions(model_path=first)
    lead = extract(TextInput(id="x", title=LEADS[0][0], text=LEADS[0][1]), options)
    other = extract(TextInput(id="y", title=OTHERS[2][0], text=OTHERS[2][1]), options)
    assert 0.0 <= other.score < lead.score <= 1.0


@pytest.mark.corpus
def test_retraining_a_fixed_subset_of_real_labels_gives_the_same_scores(
    shared_corpus: Path,
) -> None:
    groups = ("raw/picker_headlines_only", "raw/zhihu_hot_question_titles")
    subset = [t for t in labelled_texts(LABELS_DIR, shared_corpus / "leads") if t.group in groups]
    subset = [t for g in groups for t in [s for s in subset if s.group == g][:120]]
    examples = read_examples(subset, ExtractOptions(model_path=None))
    runs = [train(examples, Params(seed=3), version="test") for _ in range(2)]
    ids = sorted(runs[0].out_of_group)
    assert len(ids) == 240
    for doc_id in ids:
        assert abs(runs[0].out_of_group[doc_id] - runs[1].out_of_group[doc_id]) <= 0.005
    assert runs[0].model.to_json() == runs[1].model.to_json()
    leads = [e for e in examples if e.gold]
    others = [e for e in examples if not e.gold]
    oog = runs[0].out_of_group
    lead_mean = sum(oog[e.labelled.item.id] for e in leads) / len(leads)
    other_mean = sum(oog[e.labelled.item.id] for e in others) / len(others)
    assert lead_mean > other_mean


def test_the_shipped_calibration_scores_the_rules_leads() -> None:
    calibration = load_calibration(SCORE_PATH)
    assert calibration is not None
    options = ExtractOptions()
    lead_input = TextInput(id="x", title=LEADS[1][0], text=LEADS[1][1], source_type="news")
    lead = extract(lead_input, options)
    assert lead.is_lead
    expected = calibration.probability(score_features(read_text(lead_input, options), lead_input))
    assert lead.score == round(expected, 3) and 0.0 < lead.score < 1.0
    other = extract(TextInput(id="y", title=OTHERS[2][0], text=OTHERS[2][1]), options)
    assert not other.is_lead and other.score == round(calibration.miss_rate, 3)


@pytest.mark.corpus
def test_train_rebuilds_the_shipped_calibration(shared_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "lead_score.json"
    done = _train(
        tmp_path, shared_corpus / "leads", LABELS_DIR, out
    )  # the labels of the repository, the default artifact: the score calibration
    assert done.returncode == 0, done.stderr
    shipped = json.loads(SCORE_PATH.read_text(encoding="utf-8"))
    rebuilt = json.loads(out.read_text(encoding="utf-8"))
    assert rebuilt["weights"].keys() == shipped["weights"].keys()
    for name, weight in shipped["weights"].items():
        assert abs(rebuilt["weights"][name] - weight) <= 0.005, name
    assert abs(rebuilt["intercept"] - shipped["intercept"]) <= 0.005
    assert "reliability of the lead score" in done.stdout


@pytest.mark.corpus
def test_score_calibration_on_a_fixed_subset_is_reproducible(shared_corpus: Path) -> None:
    groups = (
        "raw/picker_headlines_only",
        "raw/picker_positive_candidates",
        "raw2/weibo_hot_search_titles",
    )
    subset = [t for t in labelled_texts(LABELS_DIR, shared_corpus / "leads") if t.group in groups]
    examples = read_examples(subset, ExtractOptions(model_path=None))
    runs = [train_score(examples, version="test") for _ in range(2)]
    assert runs[0].calibration.to_json() == runs[1].calibration.to_json()
    assert runs[0].out_of_group == runs[1].out_of_group
    flagged = [e for e in examples if e.reading.rule_lead]
    assert set(runs[0].out_of_group) == {e.labelled.item.id for e in flagged}


def test_the_score_ranks_true_leads_above_false_alarms_out_of_group(shared_corpus: Path) -> None:
    """Over every labelled text (a few groups hold too few false alarms to tell), a lead's score
    from a calibration fitted without its group ranks true leads above false ones: a true lead
    drawn at random outscores a false alarm drawn at random more often than not (the area under
    the ROC curve; a mean would turn on the few true leads scored lowest)."""
    examples = read_examples(
        labelled_texts(LABELS_DIR, shared_corpus / "leads"), ExtractOptions(model_path=None)
    )
    scores = train_score(examples, version="test").out_of_group
    flagged = [e for e in examples if e.reading.rule_lead]
    true = [scores[e.labelled.item.id] for e in flagged if e.gold]
    false = [scores[e.labelled.item.id] for e in flagged if not e.gold]
    wins = sum((t > f) + 0.5 * (t == f) for t in true for f in false)
    assert wins / (len(true) * len(false)) > 0.5
