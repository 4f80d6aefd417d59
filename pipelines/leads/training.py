"""Training the lead decision from the labelled texts (scikit-learn; ``piwatch train``).

The rules read every text once; a linear model learns from what they read (named features) and
from the decisive text's character n-grams (chi-square selected, sublinear tf-idf), the THUCTC
recipe. Its margins are calibrated by Platt's sigmoid fitted on out-of-group margins (each group
scored by a model trained without it), so the score means what it says on unseen sources.
Deterministic for the same labels and seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.feature_selection import SelectKBest, chi2
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from piwatch.pipelines.leads.calibration import ScoreCalibration, score_features
from piwatch.pipelines.leads.decision import LeadModel
from piwatch.pipelines.leads.devset import Labelled
from piwatch.pipelines.leads.extract import Reading, read_text
from piwatch.pipelines.leads.features import features
from piwatch.pipelines.options import ExtractOptions


@dataclass(frozen=True, slots=True)
class Params:
    """The model's hyper-parameters (fixed, not searched per group: no leak across groups)."""

    ngram_range: tuple[int, int] = (1, 3)
    min_df: int = 2
    k_best: int = 3000
    c: float = 1.0
    threshold: float = 0.5
    seed: int = 0


@dataclass(slots=True)
class Example:
    """One labelled text as the learner sees it, with the rules' reading kept for assembly."""

    labelled: Labelled
    reading: Reading
    text: str
    named: dict[str, float]

    @property
    def gold(self) -> bool:
        return bool(self.labelled.label.get("is_lead"))

    @property
    def group(self) -> str:
        return self.labelled.group


def read_examples(labelled: Iterable[Labelled], options: ExtractOptions) -> list[Example]:
    """The rules' reading of every labelled text (the expensive part, done once)."""
    out = []
    for one in labelled:
        reading = read_text(one.item, options)
        text, named = features(reading, one.item)
        out.append(Example(one, reading, text, named))
    return out


def fit(examples: Sequence[Example], params: Params) -> LeadModel:
    """A model trained on ``examples``; calibration left as the identity sigmoid."""
    texts = [e.text for e in examples]
    gold = np.array([e.gold for e in examples], dtype=int)
    counter = CountVectorizer(
        analyzer="char", ngram_range=params.ngram_range, min_df=params.min_df, lowercase=False
    )
    counts = counter.fit_transform(texts)
    k = min(params.k_best, counts.shape[1])
    selector = SelectKBest(chi2, k=k).fit(counts, gold)
    selected = selector.transform(counts)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(selected)
    grams = tfidf.transform(selected)
    vectorizer = DictVectorizer(sparse=False)
    dense = vectorizer.fit_transform([e.named for e in examples])
    scaler = StandardScaler().fit(dense)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    named = (dense - scaler.mean_) / scale
    matrix = hstack([grams, csr_matrix(named)]).tocsr()
    learner = LogisticRegression(
        C=params.c, class_weight="balanced", solver="liblinear", random_state=params.seed
    ).fit(matrix, gold)
    weights = learner.coef_[0]
    vocabulary = counter.get_feature_names_out()[selector.get_support()]
    n_grams = len(vocabulary)
    return LeadModel(
        version="",
        ngram_range=params.ngram_range,
        vocabulary={
            str(g): (float(idf), float(w))
            for g, idf, w in zip(vocabulary, tfidf.idf_, weights[:n_grams], strict=True)
        },
        named={
            str(name): (float(mean), float(sd), float(w))
            for name, mean, sd, w in zip(
                vectorizer.get_feature_names_out(),
                scaler.mean_,
                scale,
                weights[n_grams:],
                strict=True,
            )
        },
        intercept=float(learner.intercept_[0]),
        calibration=(-1.0, 0.0),
        threshold=params.threshold,
    )


def out_of_group_margins(examples: Sequence[Example], params: Params) -> dict[str, float]:
    """Each text's margin under a model trained without its group (leave-one-group-out)."""
    margins: dict[str, float] = {}
    for group in sorted({e.group for e in examples}):
        train = [e for e in examples if e.group != group]
        model = fit(train, params)
        for e in examples:
            if e.group == group:
                margins[e.labelled.item.id] = model.margin(e.text, e.named)
    return margins


def calibrate(margins: Sequence[float], gold: Sequence[bool]) -> tuple[float, float]:
    """Platt's sigmoid ``p = 1 / (1 + exp(a * margin + b))`` fitted on out-of-group margins."""
    platt = LogisticRegression(C=1e4, solver="lbfgs").fit(
        np.array(margins).reshape(-1, 1), np.array(gold, dtype=int)
    )
    return -float(platt.coef_[0][0]), -float(platt.intercept_[0])


@dataclass(slots=True)
class Trained:
    """The shipped model and what training measured on the way."""

    model: LeadModel
    out_of_group: dict[str, float]  # id -> calibrated out-of-group probability


def train(examples: Sequence[Example], params: Params, version: str) -> Trained:
    """Out-of-group margins, their calibration, then the model on every example."""
    margins = out_of_group_margins(examples, params)
    ids = [e.labelled.item.id for e in examples]
    a, b = calibrate([margins[i] for i in ids], [e.gold for e in examples])
    full = fit(examples, params)
    model = LeadModel(
        version=version,
        ngram_range=full.ngram_range,
        vocabulary=full.vocabulary,
        named=full.named,
        intercept=full.intercept,
        calibration=(a, b),
        threshold=params.threshold,
    )
    probability = {i: 1.0 / (1.0 + np.exp(a * m + b)) for i, m in margins.items()}
    return Trained(model, {i: float(p) for i, p in probability.items()})


SCORE_C = 0.3
"""Regularisation of the score calibration (fixed, not searched per group)."""


@dataclass(slots=True)
class TrainedScore:
    """The shipped score calibration and the out-of-group probabilities of the flagged texts."""

    calibration: ScoreCalibration
    out_of_group: dict[str, float]  # id -> probability, for texts the rules flag


def _fit_score(examples: Sequence[Example]) -> tuple[dict[str, float], float] | None:
    gold = np.array([e.gold for e in examples], dtype=int)
    if len(set(gold)) < 2:
        return None
    vectorizer = DictVectorizer(sparse=False)
    matrix = vectorizer.fit_transform(
        [score_features(e.reading, e.labelled.item) for e in examples]
    )
    learner = LogisticRegression(C=SCORE_C, max_iter=1000).fit(matrix, gold)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, learner.coef_[0], strict=True)}
    return weights, float(learner.intercept_[0])


def train_score(examples: Sequence[Example], version: str) -> TrainedScore:
    """Calibrate the rules' leads: each group's flagged texts scored by a calibration fitted
    without that group (the reliability table), then the calibration on every flagged text."""
    flagged = [e for e in examples if e.reading.rule_lead]
    unflagged = [e for e in examples if not e.reading.rule_lead]
    miss_rate = sum(e.gold for e in unflagged) / len(unflagged) if unflagged else 0.0
    out_of_group: dict[str, float] = {}
    for group in sorted({e.group for e in flagged}):
        fitted = _fit_score([e for e in flagged if e.group != group])
        held_out = [e for e in flagged if e.group == group]
        if fitted is None:
            continue
        calibration = ScoreCalibration("", fitted[0], fitted[1], miss_rate)
        for e in held_out:
            features = score_features(e.reading, e.labelled.item)
            out_of_group[e.labelled.item.id] = calibration.probability(features)
    fitted = _fit_score(flagged)
    if fitted is None:
        raise ValueError("the rules' leads need both true and false ones to calibrate the score")
    return TrainedScore(ScoreCalibration(version, fitted[0], fitted[1], miss_rate), out_of_group)
