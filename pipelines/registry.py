"""The source registry: one YAML file that lists every department's source and how to read it.

Adding another department's spreadsheet is a new entry in that file, no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pipelines.business.follow_up import DEFAULT_FOLLOW_UP_DAYS
from pipelines.engine import EngineSettings, engine_settings
from pipelines.schema import CANONICAL_FIELDS

SOURCE_KINDS = ("spreadsheet", "email", "contacts", "database", "fixed_width")
_QUALITY_SETTINGS = ("max_quarantine_share", "min_customers_vs_previous")
_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class RegistryError(ValueError):
    """The registry file is missing, unreadable or describes a source inconsistently."""


@dataclass(frozen=True)
class SourceSpec:
    name: str
    department: str
    kind: str
    location: Path | None
    columns: dict[str, str]
    trust: int = 1
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    url: str | None = None

    def describe(self) -> str:
        """Where the source is, for messages and lineage: the file, or the URL without its password."""
        if self.location:
            return str(self.location)
        if self.url:
            try:
                return make_url(self.url).render_as_string(hide_password=True)
            except ArgumentError:
                return self.name
        return self.name


@dataclass(frozen=True)
class Registry:
    path: Path
    sources: tuple[SourceSpec, ...]
    own_email_domains: tuple[str, ...] = ()
    phone_region: str = "CN"
    # Publishing is held back when more of a night's records than this go to quarantine ...
    max_quarantine_share: float = 0.2
    # ... or when the customer table would shrink below this share of the previous publish.
    min_customers_vs_previous: float = 0.5
    # The data steward's must-link / cannot-link decisions (a CSV file), if any.
    overrides: Path | None = None
    # Who works here and who has left (a CSV file), so that a departed owner's customers are handed over.
    staff_roster: Path | None = None
    # Complaints each department logged against its own record of a customer (a CSV file).
    complaint_log: Path | None = None
    # Intent grade -> days from the last contact to the next follow-up.
    follow_up_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_FOLLOW_UP_DAYS))
    # DuckDB's memory limit, threads and spill folder (engine.py).
    engine: EngineSettings = field(default_factory=engine_settings)

    def source(self, name: str) -> SourceSpec:
        for spec in self.sources:
            if spec.name == name:
                return spec
        raise KeyError(name)


def load_registry(path: Path) -> Registry:
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as missing:
        raise RegistryError(f"source registry {path} does not exist") from missing
    except yaml.YAMLError as broken:
        raise RegistryError(f"source registry {path} is not valid YAML: {broken}") from broken
    company = document.get("company") or {}
    entries = document.get("sources") or []
    if not entries:
        raise RegistryError(f"source registry {path} lists no sources")
    sources = tuple(_parse_source(entry, path, position) for position, entry in enumerate(entries, 1))
    names = [spec.name for spec in sources]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise RegistryError(f"source registry {path}: source names used twice: {', '.join(repeated)}")
    return Registry(
        path=path,
        sources=sources,
        own_email_domains=tuple(d.lower() for d in company.get("own_email_domains", ())),
        phone_region=str(company.get("phone_region", "CN")).upper(),
        **{
            key: float(value)
            for key, value in (company.get("quality") or {}).items()
            if key in _QUALITY_SETTINGS
        },
        overrides=_company_file(company, "overrides", path),
        staff_roster=_company_file(company, "staff_roster", path),
        complaint_log=_company_file(company, "complaint_log", path),
        follow_up_days=_follow_up_days(company.get("follow_up_days", DEFAULT_FOLLOW_UP_DAYS), path),
        engine=_engine(company.get("engine"), path),
    )


def _engine(section: Any, registry_file: Path) -> EngineSettings:
    if section is not None and not isinstance(section, dict):
        raise RegistryError(
            f"source registry {registry_file}: company.engine must be a mapping such as "
            "{memory_limit: 4GB, threads: 2, temp_directory: /var/tmp/customer_hub}"
        )
    try:
        return engine_settings(section)
    except ValueError as wrong:
        raise RegistryError(f"source registry {registry_file}: company.engine: {wrong}") from wrong


def _company_file(company: dict[str, Any], setting: str, registry_file: Path) -> Path | None:
    """A file the company section names, relative to the registry file."""
    return (registry_file.parent / company[setting]).resolve() if company.get(setting) else None


def _follow_up_days(setting: Any, registry_file: Path) -> dict[str, int]:
    days = setting if isinstance(setting, dict) else {}
    # bool is an int to Python, but `A: yes` is no number of days.
    if not days or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in days.values()):
        raise RegistryError(
            f"source registry {registry_file}: follow_up_days must map intent grades to whole days, such as {{A: 7, B: 14}}"
        )
    return {str(grade).strip().upper(): n for grade, n in days.items()}


def _parse_source(entry: dict[str, Any], registry_file: Path, position: int) -> SourceSpec:
    where = f"source registry {registry_file}, source #{position}"
    name = str(entry.get("name", ""))
    if not _SOURCE_NAME.match(name):
        raise RegistryError(f"{where}: name {name!r} must be lower_snake_case")
    where = f"source registry {registry_file}, source {name!r}"
    kind = entry.get("kind")
    if kind not in SOURCE_KINDS:
        raise RegistryError(f"{where}: kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    # Optional: headers the registry does not map are recognised from synonyms.
    columns = {str(k): str(v) for k, v in (entry.get("columns") or {}).items()}
    unknown = sorted(set(columns.values()) - set(CANONICAL_FIELDS))
    if unknown:
        raise RegistryError(
            f"{where}: columns must map source columns to canonical fields ({', '.join(CANONICAL_FIELDS)}); "
            f"unknown: {', '.join(unknown)}"
        )
    values = {
        str(target): {str(raw): str(meaning) for raw, meaning in codes.items()}
        for target, codes in (entry.get("values") or {}).items()
    }
    location = entry.get("location")
    if location is None and entry.get("url") is None:
        raise RegistryError(f"{where}: give a location (file) or a url (database)")
    return SourceSpec(
        name=name,
        department=str(entry.get("department", "unknown")),
        kind=kind,
        location=(registry_file.parent / location).resolve() if location else None,
        url=entry.get("url"),
        columns=columns,
        trust=int(entry.get("trust", 1)),
        values=values,
        options=dict(entry.get("options") or {}),
    )
