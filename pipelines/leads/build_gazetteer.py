"""Build ``gazetteer.tsv`` (divisions with short names and parents) from cpca's adcode table.

Run once at build time: ``python -m pipelines.leads.build_gazetteer ADCODES.csv NATIONS.csv``
(both files ship in the ``cpca`` wheel under ``cpca/resources``). Division names are public
administrative facts; the output is a compact table the region stage loads.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "gazetteer.tsv"
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "盟",
    "区",
    "县",
)
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def short_name(name: str, nations: list[str]) -> str:
    """「广西壮族自治区」→「广西」, 「恩施土家族苗族自治州」→「恩施」, 「深圳市」→「深圳」."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) > len(nation) + 1:
                name = name[: -len(nation)]
                changed = True
        if name.endswith("族") and len(name) > 3 and not changed:
            stripped = re.sub(r"[\u4e00-\u9fa5]{1,3}族$", "", name)
            changed = stripped != name and len(stripped) >= 2
            name = stripped if changed else name
    return name


def build(adcodes: Path, nations_file: Path) -> list[tuple[str, ...]]:
    """Rows of (adcode, name, short, level, province, city)."""
    nations = sorted(
        (line.strip() for line in nations_file.read_text(encoding="utf-8").splitlines()),
        key=len,
        reverse=True,
    )
    nations = [n for n in nations if n]
    nations += [n[:-1] for n in nations if n.endswith("族") and len(n) > 2]
    nations.sort(key=len, reverse=True)
    by_code: dict[str, str] = {}
    with adcodes.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_code[row["adcode"][:6]] = row["name"]
    rows: list[tuple[str, ...]] = []
    for code, name in sorted(by_code.items()):
        if name in _PLACEHOLDERS:
            continue
        province = by_code.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            level, city = "province", name if code[:2] in {"11", "12", "31", "50"} else ""
        elif code.endswith("00"):
            level, city = "city", name
        else:
            level = "county"
            city = by_code.get(code[:4] + "00", "")
            if city in _PLACEHOLDERS or not city:
                city = province if code[:2] in {"11", "12", "31", "50"} else ""
        rows.append((code, name, short_name(name, nations), level, province, city))
    return rows


def main(argv: list[str]) -> int:
    rows = build(Path(argv[0]), Path(argv[1]))
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write("adcode\tname\tshort\tlevel\tprovince\tcity\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} divisions to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
