"""Case files from lead documents: regions and bureaus, reposts, cross-regional, major, typical."""

from __future__ import annotations

from typing import Any

from piwatch.pipelines.leads.casefile import (
    MAJOR_RECORDS,
    case_files,
    provincial_bureau,
    typical_cases,
)
from piwatch.pipelines.leads.simhash import simhash

TEXT = "某某中介门店经理将业主姓名电话出售给装修公司共计两千条记录，监管部门已立案调查此事"


def _lead(n: int, province: str, city: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"l{n}",
        "case_key": ["某某中介:disclose_or_sell"],
        "businesses": [{"name": "某某中介有限公司", "role": "subject"}],
        "sectors": ["real_estate"],
        "regions": [{"province": province, "city": city, "bureau": f"{city}市场监督管理局"}],
        "source": f"s{n}",
        "source_type": "news",
        "published_at": f"2019-05-{10 + n:02d}T08:00:00+08:00",
        "simhash": f"{simhash(TEXT + str(n) * 40):016x}",
        **extra,
    }


def test_two_cities_of_one_province_are_cross_regional_one_city_is_not() -> None:
    (one,) = case_files([_lead(1, "江苏省", "南京市"), _lead(2, "江苏省", "南京市")])
    assert not one.cross_regional
    (two,) = case_files([_lead(1, "江苏省", "南京市"), _lead(2, "江苏省", "苏州市")])
    assert two.cross_regional and two.bureaus == ["南京市市场监督管理局", "苏州市市场监督管理局"]
    assert two.business == "某某中介有限公司"
    assert two.first_seen is not None and two.first_seen.day == 11


def test_a_repost_adds_its_source_and_region_but_not_its_records() -> None:
    first = _lead(1, "广东省", "深圳市", volume=2000)
    repost = _lead(2, "浙江省", "杭州市", volume=2000, simhash=first["simhash"])
    (case,) = case_files([first, repost])
    assert case.volume == 2000 and case.reports == 1 and len(case.sources) == 2
    assert case.cross_regional and not case.major


def test_major_by_records_provinces_or_repeat_with_the_provincial_bureaus() -> None:
    (by_records,) = case_files([_lead(1, "广东省", "深圳市", volume=MAJOR_RECORDS)])
    assert by_records.major and by_records.provincial_bureaus == [provincial_bureau("广东省")]
    places = [("广东省", "深圳市"), ("浙江省", "杭州市"), ("江苏省", "南京市")]
    (by_regions,) = case_files([_lead(n, p, c) for n, (p, c) in enumerate(places)])
    assert any("3个省份" in r for r in by_regions.major_reasons)
    (by_repeat,) = case_files([_lead(n, "广东省", "深圳市") for n in range(3)])
    assert by_repeat.reports == 3 and any("反复" in r for r in by_repeat.major_reasons)


def test_typical_cases_prefer_records_official_sources_and_confirmed_ones() -> None:
    plain = _lead(1, "广东省", "深圳市")
    strong = _lead(
        2,
        "广东省",
        "深圳市",
        case_key=["乙公司:disclose_or_sell"],
        volume=9000,
        source_type="official",
        status="confirmed",
    )
    other = _lead(3, "广东省", "广州市", case_key=["丙公司:unsolicited_marketing"])
    fourth = _lead(4, "广东省", "广州市", case_key=["丁公司:breach"])
    ranked = typical_cases(case_files([plain, strong, other, fourth]), count=1)
    assert len(ranked) == 3  # never fewer than three when there are
    assert ranked[0].key == "乙公司:disclose_or_sell"
    assert "有官方来源" in ranked[0].typical_reasons()
    assert "核查已确认" in ranked[0].typical_reasons()
