"""One typed settings object for all of piwatch: a TOML file plus ``PIWATCH_*`` variables.

Precedence (highest first): keyword arguments, environment (``PIWATCH_SECTION__KEY``), the TOML
file (``PIWATCH_CONFIG`` or ``./piwatch.toml``), defaults. Secrets (passwords, API keys) are read
from the environment only; a secret written in the TOML file is refused with a clear error so that
it never ends up committed.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from piwatch.pipelines.codes import SECTORS, Conduct, Sector
from piwatch.pipelines.leads.regions import province_names
from piwatch.pipelines.options import ExtractOptions

ES_VERSION = "8.19.14"
"""The one place the embedded Elasticsearch server version is pinned (see README)."""

SECRET_KEYS = {"api_key", "password"}


def is_secret(key: str) -> bool:
    """A setting that holds a secret: read from the environment only, shown masked."""
    return key in SECRET_KEYS or key.endswith(("_password", "_api_key"))


def default_data_dir() -> Path:
    return Path(os.environ.get("PIWATCH_DATA_DIR", Path.home() / ".local" / "share" / "piwatch"))


def config_file() -> Path | None:
    """The settings file: ``PIWATCH_CONFIG`` (which must exist; set it empty for none), else
    ``./piwatch.toml`` when there is one."""
    named = os.environ.get("PIWATCH_CONFIG")
    if named is None:
        return Path("piwatch.toml")
    return Path(named) if named else None


class _Section(BaseModel):
    """A settings section: a key it does not know is an error, not a setting silently ignored."""

    model_config = ConfigDict(extra="forbid")


Port = Annotated[int, Field(ge=1, le=65535)]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r} (an IANA name such as Asia/Shanghai)"
        ) from None
    return value


def _cron(value: str) -> str:
    if value.strip():  # empty: the job is disabled
        cron_trigger(value, ZoneInfo("UTC"))
    return value


TimeZone = Annotated[str, AfterValidator(_time_zone)]
Cron = Annotated[str, AfterValidator(_cron)]


class ElasticsearchSettings(_Section):
    """Where articles and leads go. No ``url`` means: start the embedded local node."""

    url: str | None = None
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    ca_file: Path | None = None
    index_prefix: str = "piwatch"
    request_timeout: float = 30.0
    max_retries: int = 5
    bulk_chunk_size: int = 500
    bulk_max_bytes: int = 10 * 1024 * 1024
    number_of_shards: int = 1
    number_of_replicas: int = 0
    # The monthly rollover job starts a new index generation behind an alias whose write index
    # is at least this old and not empty (an Elasticsearch time unit; guards against a job run
    # twice in one month). `piwatch es rollover --now` ignores it.
    rollover_max_age: str = "25d"


class NodeSettings(_Section):
    """The embedded single node started from Maven Central artifacts."""

    version: str = ES_VERSION
    host: str = "127.0.0.1"
    port: Port = 9200
    heap: str = "512m"
    # Unpacked distribution; default <cache>/elasticsearch-<version>, where <cache> is
    # PIWATCH_CACHE_DIR, else ~/.cache/piwatch (as root: /var/cache/piwatch).
    home: Path | None = None
    # The node's own directory (conf/, data/, logs/, node.pid); default <data_dir>/es. As root,
    # when the node user cannot reach it (e.g. under /root), /var/lib/piwatch/es-<hash> is used.
    data_path: Path | None = None
    start_timeout: float = 120.0
    run_as: str = "piwatch-es"  # unprivileged user used when piwatch runs as root


class CrawlSettings(_Section):
    sources_file: Path = Path("sources.yaml")
    user_agent: str = "piwatch/0.1 (+consumer-protection monitoring; contact via operator)"
    obey_robots: bool = True
    concurrent_requests: int = Field(default=16, gt=0)
    """Downloads under way for the whole run, a download waiting for its site's delay
    included, shared among its sources (politeness is per site: ``concurrent_per_domain`` and
    ``download_delay``)."""
    concurrent_per_domain: int = Field(default=4, gt=0)
    download_delay: float = 0.5
    download_timeout: float = 30.0
    max_response_bytes: int = 10 * 1024 * 1024
    # a page's CPU work (decoding, main text, lead, word fields) in worker processes beside the
    # crawl (None: one per core, at most 4; they share their dictionaries through a fork
    # server; 0: in the crawl process itself)
    extraction_workers: int | None = Field(default=None, ge=0)
    max_pages_per_source: int = 2000
    max_depth: int = 5
    autothrottle: bool = True
    timezone: TimeZone = "Asia/Shanghai"
    chromium_path: Path = Path("/usr/bin/chromium")
    browser_max_pages: int = 4
    browser_max_contexts: int = 2
    jobdir: Path | None = None  # default <data_dir>/jobs/<run name>
    log_level: str = "INFO"


class RedisSettings(_Section):
    """Distributed crawling: shared scheduler queue and duplicate filter (scrapy-redis)."""

    enabled: bool = False
    url: str = "redis://127.0.0.1:6379/0"
    password: SecretStr | None = None
    # A worker silent this long is presumed dead and its leased requests go to the others;
    # it renews its leases every heartbeat (keep lease_ttl several heartbeats long).
    lease_ttl_seconds: float = Field(default=30.0, gt=0)
    heartbeat_seconds: float = Field(default=5.0, gt=0)


class Recipient(_Section):
    """A digest recipient and the jurisdiction whose leads it receives."""

    email: Email
    name: str = ""
    province: str | None = None  # None with city None: all leads
    city: str | None = None

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str | None) -> str | None:
        if value is not None and value not in province_names():
            raise ValueError(f"unknown province {value!r}; write it in full, e.g. 江苏省, 上海市")
        return value


class DigestSettings(_Section):
    sender: Email = "piwatch@localhost"
    recipients: list[Recipient] = Field(default_factory=list)
    kibana_url: str = "http://127.0.0.1:5601"
    smtp_host: str = "127.0.0.1"
    smtp_port: Port = 25
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout: float = 30.0
    smtp_retries: int = 3
    out_dir: Path | None = None  # default <data_dir>/digests
    max_leads: int = 200


class ScheduleSettings(_Section):
    timezone: TimeZone = "Asia/Shanghai"
    crawl_cron: Cron = "0 2 * * *"
    digest_cron: Cron = "0 8 * * mon"
    rollover_cron: Cron = "30 1 1 * *"  # new index generations monthly, before the crawl
    recheck_cron: Cron = "0 5 * * sun"  # removal watch: are lead pages still there (weekly)
    misfire_grace_seconds: int = 3600
    crawl_timeout_seconds: int = 6 * 3600


class EvidenceSettings(_Section):
    """Captures of lead pages (WARC) and evidence packages (``piwatch evidence``)."""

    capture: bool = True  # keep a WARC capture of every page that yields a lead
    capture_sources: list[str] = Field(default_factory=list)  # sources whose every page is kept
    max_file_mb: int = Field(default=100, ge=1)  # a WARC file rotates at this size
    tsa_url: str | None = None  # an RFC 3161 time-stamping authority for evidence packages
    tsa_ca_file: Path | None = None  # the CA that verifies its time stamps
    render_after_crawl: bool = True  # PDF and PNG of each new lead's page after the nightly crawl
    render_max_per_run: int = Field(default=200, ge=0)  # the rest wait for the next night
    recheck_delay_seconds: float = Field(default=2.0, ge=0)  # between two pages of one host
    recheck_timeout_seconds: float = Field(default=30.0, gt=0)
    # retention (piwatch evidence gc): a lead's capture is kept while the lead is open and for
    # keep_closed_days after it was dismissed; captures no lead needs go by age, then by size
    closed_statuses: list[str] = Field(default_factory=lambda: ["dismissed"])
    keep_closed_days: int = Field(default=365, ge=0)
    keep_other_days: int = Field(default=90, ge=0)
    max_total_gb: float = Field(default=50.0, gt=0)


class KibanaSettings(_Section):
    url: str = "http://127.0.0.1:5601"
    username: str | None = None
    password: SecretStr | None = None
    api_key: SecretStr | None = None
    space: str | None = None


class Campaign(_Section):
    """An enforcement campaign: its period, the dates its statistics are due, and its scope.

    Empty scope lists mean every sector, conduct or province.
    """

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = ""
    start: date
    end: date
    reporting_dates: list[date] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=lambda: list(SECTORS))
    conducts: list[Conduct] = Field(
        default_factory=lambda: [
            "collect_without_consent",
            "disclose_or_sell",
            "unsolicited_marketing",
        ]
    )
    provinces: list[str] = Field(default_factory=list)

    @field_validator("provinces")
    @classmethod
    def _known_provinces(cls, value: list[str]) -> list[str]:
        unknown = [p for p in value if p not in province_names()]
        if unknown:
            raise ValueError(f"unknown province(s) {unknown}; write them in full, e.g. 江苏省")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Campaign:
        if self.end < self.start:
            raise ValueError(f"campaign {self.name}: end {self.end} is before start {self.start}")
        outside = [d for d in self.reporting_dates if not self.start <= d <= self.end]
        if outside:
            raise ValueError(f"campaign {self.name}: reporting dates {outside} outside its period")
        self.reporting_dates.sort()
        return self


SPECIAL_ACTION_2019 = Campaign(
    name="special-action-2019",
    title="市场监管部门开展侵害消费者个人信息违法行为专项执法行动（2019）",
    start=date(2019, 4, 1),
    end=date(2019, 9, 30),
    reporting_dates=[date(2019, 5, 31), date(2019, 7, 31), date(2019, 9, 30)],
)
"""The worked example: SAMR's 2019 special action (all 11 focus sectors, its three conducts)."""


class Settings(BaseSettings):
    """Effective piwatch configuration."""

    model_config = SettingsConfigDict(
        env_prefix="PIWATCH_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    elasticsearch: ElasticsearchSettings = Field(default_factory=ElasticsearchSettings)
    node: NodeSettings = Field(default_factory=NodeSettings)
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    extract: ExtractOptions = Field(default_factory=ExtractOptions)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    kibana: KibanaSettings = Field(default_factory=KibanaSettings)
    evidence: EvidenceSettings = Field(default_factory=EvidenceSettings)
    campaigns: list[Campaign] = Field(default_factory=lambda: [SPECIAL_ACTION_2019.model_copy()])

    @field_validator("campaigns")
    @classmethod
    def _unique_campaigns(cls, value: list[Campaign]) -> list[Campaign]:
        names = [c.name for c in value]
        if len(set(names)) != len(names):
            raise ValueError(f"campaign names must be unique: {names}")
        return value

    def campaign(self, name: str) -> Campaign:
        """The campaign called ``name``; a ConfigError naming the known ones otherwise."""
        for c in self.campaigns:
            if c.name == name:
                return c
        known = ", ".join(c.name for c in self.campaigns) or "none"
        raise ConfigError(f"no campaign {name!r} in the settings (known: {known})")

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _SecretFreeToml(settings_cls, config_file()))

    # Derived paths: one place decides where things live under the data directory.
    @property
    def es_dir(self) -> Path:
        return self.data_dir / "es"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "evidence" / "warc"

    @property
    def renderings_dir(self) -> Path:
        return self.data_dir / "evidence" / "renderings"

    @property
    def digest_dir(self) -> Path:
        return self.digest.out_dir or self.data_dir / "digests"


class ConfigError(ValueError):
    """A configuration problem worth one clear line to the operator."""


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def cron_trigger(expr: str, tz: ZoneInfo) -> CronTrigger:
    """Crontab syntax (5 fields, or 6 with seconds first); weekday numbers as in crontab.

    APScheduler 3 counts weekdays from Monday = 0, crontab from Sunday = 0; numbers are turned
    into names so ``0 8 * * 1`` means Monday as an operator expects.
    """
    fields = expr.split()
    if len(fields) == 5:
        fields = ["0", *fields]
    if len(fields) != 6:
        raise ConfigError(
            f"bad cron expression {expr!r}: need 5 fields (minute hour day month weekday) "
            "or 6 with seconds first"
        )
    second, minute, hour, day, month, dow = fields
    try:
        return CronTrigger(
            second=second,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_crontab_weekdays(dow),
            timezone=tz,
        )
    except ValueError as exc:
        raise ConfigError(f"bad cron expression {expr!r}: {exc}") from None


def _crontab_weekdays(field_: str) -> str:
    parts = []
    for token in field_.lower().split(","):
        span, _, step = token.partition("/")
        if span in ("*", "?") and not step:
            parts.append("*")
            continue
        if span in ("*", "?"):
            span = "0-6"
        lo, _, hi = span.partition("-")
        if not (lo.isdigit() and (not hi or hi.isdigit())):
            parts.append(token)  # names are unambiguous
            continue
        days = range(int(lo), int(hi or lo) + 1, int(step or 1))
        parts.extend(_WEEKDAYS[d % 7] for d in days)
    return ",".join(dict.fromkeys(parts))


class _SecretFreeToml(TomlConfigSettingsSource):
    """The TOML file source, refusing secrets so they only ever come from the environment."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None) -> None:
        if path is not None and os.environ.get("PIWATCH_CONFIG") and not path.is_file():
            raise ConfigError(
                f"PIWATCH_CONFIG names {path}, which is not a file "
                "(set PIWATCH_CONFIG= empty to use no settings file)"
            )
        try:
            super().__init__(settings_cls, toml_file=path)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read it ({exc.strerror})") from None
        found = list(_secret_paths(self.toml_data))
        if found:
            raise ConfigError(
                f"{path}: secrets must come from the environment, not the file: remove "
                + ", ".join(found)
                + " and set e.g. PIWATCH_"
                + found[0].upper().replace(".", "__")
            )


def _secret_paths(data: Any, prefix: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            if is_secret(key):
                out.append(path)
            out.extend(_secret_paths(value, path + "."))
    return out


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; turn validation problems into a ConfigError with one line each."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise ConfigError("invalid configuration: " + "; ".join(lines)) from None


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The effective settings as plain data, every secret shown as ``********``."""
    data = settings.model_dump(mode="json")

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: ("********" if v and is_secret(k) else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str):
            return _URL_PASSWORD.sub(r"\1***@", node)
        return node

    return walk(data)


_URL_PASSWORD = re.compile(r"(\w[\w+.-]*://[^:/@\s]*:)[^@/\s]+@")
"""The password inside a URL (``https://user:pw@es:9200``, ``redis://:pw@host``)."""
