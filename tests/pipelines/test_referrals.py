"""Referrals to other departments: one test per rule, plus the lead document carrying them."""

from __future__ import annotations

from datetime import UTC, datetime

from piwatch.pipelines.leads.referrals import criminal_threshold, load_rules, referrals
from piwatch.search.documents import lead_document
from testkit.factories import article, extraction


def _departments(**kwargs) -> list[str]:
    return [r.department for r in referrals(**kwargs)]


def test_selling_6000_records_goes_to_the_police() -> None:
    found = referrals(
        conduct=["disclose_or_sell"],
        sectors=["real_estate"],
        pi_types=["phone", "name"],
        volume=6000,
    )
    assert [r.department for r in found] == ["police"]
    assert "第五条" in found[0].reason and "5000条以上" in found[0].reason


def test_below_the_threshold_or_not_a_sale_is_no_police_matter() -> None:
    kw = {"sectors": ["real_estate"], "pi_types": ["phone", "name"]}
    assert _departments(conduct=["disclose_or_sell"], volume=4999, **kw) == []
    assert _departments(conduct=["unsolicited_marketing"], volume=60000, **kw) == []
    assert _departments(conduct=["disclose_or_sell"], volume=None, **kw) == []


def test_sensitive_kinds_have_the_lower_thresholds_of_art_5() -> None:
    assert criminal_threshold(["location", "phone"]).records == 50
    assert criminal_threshold(["health"]).records == 500
    assert criminal_threshold(["phone"]).records == 5000
    assert criminal_threshold([]).records == 5000
    assert _departments(
        conduct=["disclose_or_sell"], sectors=["other"], pi_types=["location"], volume=80
    ) == ["police"]


def test_every_kind_of_information_has_a_threshold() -> None:
    from piwatch.pipelines.codes import PI_TYPES

    covered = set().union(*(t.pi_types for t in load_rules().thresholds))
    assert covered == set(PI_TYPES)


def test_an_app_notice_goes_to_telecom_and_cyberspace() -> None:
    found = referrals(
        conduct=["collect_without_consent"],
        sectors=["other"],
        pi_types=["contacts"],
        volume=None,
        texts=["某某APP强制索取通讯录权限"],
    )
    assert [r.department for r in found] == ["telecom", "cyberspace"]
    assert "APP" in found[0].reason
    assert _departments(
        conduct=["collect_without_consent"], sectors=["internet_apps"], pi_types=[], volume=None
    ) == ["telecom", "cyberspace"]


def test_a_loan_company_goes_to_the_financial_regulator() -> None:
    found = referrals(
        conduct=["unsolicited_marketing"],
        sectors=["small_loans"],
        pi_types=["phone"],
        volume=None,
        texts=["某小额贷款公司电话骚扰"],
    )
    assert [r.department for r in found] == ["financial"]
    assert "small_loans" in found[0].reason


def test_no_conduct_no_referral() -> None:
    assert _departments(conduct=[], sectors=["small_loans"], pi_types=[], volume=10**6) == []


def test_the_lead_document_carries_the_referrals() -> None:
    ex = extraction("x", sectors=("small_loans",), business="某某小贷APP")
    _, doc = lead_document(ex, article(1), seen_at=datetime(2026, 11, 25, tzinfo=UTC))
    assert doc["referral_departments"] == ["telecom", "cyberspace", "financial"]
    assert all(r["reason"] and r["label"] for r in doc["referrals"])
