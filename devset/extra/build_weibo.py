"""Rebuild the locked batches of rounds 6, 7 and 19 (``raw5``, ``raw6``, ``raw18``) from a clone.

The texts are Weibo hot-search titles of ``justjavac/weibo-trending-hot-search`` (MIT) at commit
bbe42d5, 2020-11 to 2024-12, that raw2 did not take, picked by keyword pools like raw2's and a
seeded shuffle of each pool: raw5 takes the first titles of every pool, raw6 the next ones,
raw18 the ones after those. They
are third-party text, so the repository keeps only this script and the labels (``labels/``);
the texts are written where you say:

    git clone https://github.com/justjavac/weibo-trending-hot-search /tmp/weibo
    python devset/extra/build_weibo.py /tmp/weibo ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from archive import SHARED_LEADS, listed_titles, write_titles

COMMIT = "bbe42d5a0ef00d9dcf38ed04fcf0b8826d68e329"
SOURCE = "justjavac/weibo-trending-hot-search"
FILE = "weibo_hot_search_titles_2020_2024.jsonl"
BATCHES = {"raw5": "wbhot5", "raw6": "wbhot6", "raw18": "wbhot18"}  # batch: id prefix
SEED = 20261204
RAW2 = SHARED_LEADS / "raw2/weibo_hot_search_titles.jsonl"

_FIRST_OF_LIST = re.compile(r"^1\. \[(.+?)\]\((\S+)\)")
"""The lines raw5, raw6 and raw18 were read from: most files number every entry 「1.」, but the
early ones (2020-2021) number them 1, 2, 3…, and of those only the first was read; the batches
rebuild from the same lines."""
_PI = re.compile(
    r"个人信息|个人隐私|隐私|信息泄露|泄露|泄漏|外泄|骚扰电话|推销电话|营销电话|骚扰短信|垃圾短信|"
    r"短信轰炸|电话轰炸|人脸|倒卖|贩卖|出售.{0,4}信息|简历|身份证|手机号|通讯录|信息被卖|"
    r"大数据杀熟|过度收集|违规收集|侵害用户权益|侵犯.{0,2}信息|数据安全|数据泄露|偷拍"
)
_ACTS = re.compile(
    r"泄露|泄漏|外泄|倒卖|贩卖|出售|买卖|被卖|骚扰|轰炸|违规收集|过度收集|强制|侵害用户权益|侵犯|"
    r"非法获取|偷拍|曝光"
)
_BUSINESS = re.compile(
    r"公司|银行|平台|App|APP|app|快递|物业|中介|运营商|移动|联通|电信|酒店|机构|保险|贷款|网贷|"
    r"学校|培训|健身|美容|装修|4S店|商家|店|超市|外卖|客服|集团|医院"
)
_PENALTY = re.compile(r"罚|通报|道歉|回应|约谈|下架|整改|立案|调查")
TAKE = {  # pool: titles each batch takes (every pool is shuffled with SEED first)
    "kw_violation_pi_title": {"raw5": 200, "raw6": 200, "raw18": 200},
    "kw_loose_title": {"raw5": 50, "raw6": 50, "raw18": 50},
    "hard_negative_pi_privacy_title": {"raw5": 50, "raw6": 50, "raw18": 50},
    "hard_negative_company_penalty_title": {"raw5": 50, "raw6": 50, "raw18": 50},
}


def first_seen(repo: Path) -> dict[str, tuple[str, str]]:
    """Every distinct title of 2020-2024 with the archive file and link it first appears in."""
    return listed_titles(
        repo, COMMIT, lambda f: f.startswith("archives/") and f[9:13] < "2025", _FIRST_OF_LIST
    )


def pool_of(title: str) -> str | None:
    """raw2's pools: PI words with an act, with a business word, alone; or a business penalised."""
    if _PI.search(title):
        if _ACTS.search(title):
            return "kw_violation_pi_title"
        return "kw_loose_title" if _BUSINESS.search(title) else "hard_negative_pi_privacy_title"
    if _BUSINESS.search(title) and _PENALTY.search(title):
        return "hard_negative_company_penalty_title"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw5/ is written inside)")
    args = parser.parse_args()
    taken = {json.loads(line)["title"] for line in RAW2.open(encoding="utf-8")}
    first = first_seen(args.repo)
    pools: dict[str, list[str]] = {pool: [] for pool in TAKE}
    for title in first:
        pool = pool_of(title)
        if pool and title not in taken:
            pools[pool].append(title)
    rng = random.Random(SEED)
    chosen: dict[str, list[tuple[str, str]]] = {batch: [] for batch in BATCHES}
    for pool, counts in TAKE.items():
        titles = sorted(pools[pool])
        rng.shuffle(titles)
        start = 0
        for batch, count in counts.items():
            chosen[batch].extend((pool, title) for title in titles[start : start + count])
            start += count
    for batch, prefix in BATCHES.items():
        rng.shuffle(chosen[batch])
        path = args.out / batch / FILE
        entries = [
            {
                "source_path": first[title][0],
                "title": title,
                "published": first[title][0][9:19],
                "url": first[title][1],
                "selection_pool": pool,
            }
            for pool, title in chosen[batch]
        ]
        write_titles(path, prefix, SOURCE, COMMIT, entries)
        print(f"{batch}: {len(chosen[batch])} titles of {len(first)} distinct, in {path}")


if __name__ == "__main__":
    main()
