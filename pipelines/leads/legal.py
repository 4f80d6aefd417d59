"""Legal-basis suggestions per conduct, from the provisions the special action names."""

from __future__ import annotations

from datetime import datetime

CPL_29 = "《消费者权益保护法》第二十九条"
CPL_56 = "《消费者权益保护法》第五十六条"
ECL_5 = "《电子商务法》第五条"
ECL_23 = "《电子商务法》第二十三条"
ECL_79 = "《电子商务法》第七十九条"
CSL_41 = "《网络安全法》第四十一条"
CSL_42 = "《网络安全法》第四十二条"
CSL_43 = "《网络安全法》第四十三条"
CSL_64 = "《网络安全法》第六十四条"
MPI_11 = "《侵害消费者权益行为处罚办法》第十一条"
MPI_14 = "《侵害消费者权益行为处罚办法》第十四条"
PIPL = "《个人信息保护法》"
PIPL_IN_FORCE = datetime(2021, 11, 1)

_BY_CONDUCT: dict[str, tuple[str, ...]] = {
    "collect_without_consent": (CPL_29, CSL_41, CSL_43, MPI_11, CPL_56, CSL_64),
    "disclose_or_sell": (CPL_29, CSL_42, MPI_11, CPL_56, CSL_64),
    "unsolicited_marketing": (CPL_29, MPI_11, MPI_14, CPL_56),
    "breach": (CPL_29, CSL_42, CPL_56, CSL_64),
}
_E_COMMERCE = (ECL_5, ECL_23, ECL_79)


def legal_basis(conduct: list[str], sectors: list[str], published: datetime | None) -> list[str]:
    """Provisions an investigator would cite; e-commerce law for online platforms; PIPL from
    its entry into force (or when the date is unknown)."""
    out: list[str] = []
    for code in conduct:
        for provision in _BY_CONDUCT.get(code, ()):
            if provision not in out:
                out.append(provision)
    if out and "internet_apps" in sectors:
        out.extend(p for p in _E_COMMERCE if p not in out)
    if out and (published is None or published.replace(tzinfo=None) >= PIPL_IN_FORCE):
        out.append(PIPL)
    return out
