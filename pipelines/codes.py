"""The codes of the contracts (``../shared/docs/contracts.md``) as types: a typo in a conduct,
sector, personal-data type or business role is a type error, and each tuple lists the codes in
their canonical order."""

from __future__ import annotations

from typing import Literal, get_args

Conduct = Literal["collect_without_consent", "disclose_or_sell", "unsolicited_marketing", "breach"]
Sector = Literal[
    "real_estate",
    "small_loans",
    "education_training",
    "insurance",
    "beauty_fitness",
    "home_decoration",
    "travel_accommodation",
    "express_delivery",
    "telemarketing",
    "internet_apps",
    "other",
]
PiType = Literal[
    "name",
    "phone",
    "id_number",
    "address",
    "bank_card",
    "location",
    "face_biometric",
    "contacts",
    "account_credentials",
    "health",
    "financial",
    "minor",
    "other",
]
Role = Literal["subject", "victim", "channel", "regulator", "reporter"]
"""A business's part in the story: only ``subject`` businesses are the lead's businesses."""

CONDUCTS: tuple[Conduct, ...] = get_args(Conduct)
SECTORS: tuple[Sector, ...] = get_args(Sector)
PI_TYPES: tuple[PiType, ...] = get_args(PiType)
ROLES: tuple[Role, ...] = get_args(Role)
