"""Nightly runs parse only what changed: a source whose files, registry entry and reader code are
unchanged since the last run is loaded from the cache, with the load time of its first read, so
that a rerun on the same inputs gives identical outputs."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines import ingest
from pipelines.ingest import SourceLoad, load_source
from pipelines.readers import companion_files
from pipelines.registry import Registry, SourceSpec
from pipelines.source_files import FileFingerprint, fingerprint, source_files

# Besides the readers: the modules whose code shapes a load.
_LOAD_CODE = ("ingest.py", "source_files.py", "frames.py", "standardise/text.py")


@cache
def _reader_code_digest() -> str:
    """Changes whenever the code behind a load does (readers, ingest, the file listing, the text
    folding of header recognition), so a fixed reader re-reads every source once."""
    digest = hashlib.sha256()
    package = Path(ingest.__file__).parent
    for path in sorted(package.glob("readers/*.py")) + [package / name for name in _LOAD_CODE]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedLoad:
    load: SourceLoad
    from_cache: bool
    fingerprints: tuple[FileFingerprint, ...]


@dataclass(frozen=True)
class ReadCache:
    directory: Path

    def load(self, spec: SourceSpec, registry: Registry, loaded_at: str) -> CachedLoad:
        """The source's load, parsed again only when its cache key changed. Sources without files
        (database URLs) are always read."""
        entry_file = self.directory / f"{spec.name}.pickle"
        previous = self._previous(entry_file)
        try:
            known = {fp.path: fp for fp in previous.fingerprints} if previous else {}
            fingerprints = tuple(
                fingerprint(path, known.get(str(path)))
                for path in [*source_files(spec), *companion_files(spec, registry)]
            )
        except OSError:  # a file vanished while being looked at: read it as is and report that
            return CachedLoad(load_source(spec, registry, loaded_at), False, ())
        key = _cache_key(spec, registry, fingerprints)
        if previous and fingerprints and previous.key == key:
            cached = CachedLoad(dataclasses.replace(previous.load, spec=spec), True, fingerprints)
        else:
            cached = CachedLoad(load_source(spec, registry, loaded_at), False, fingerprints)
        # A hit with the same fingerprints has nothing new to keep; touched files have new times.
        if fingerprints and not (cached.from_cache and fingerprints == previous.fingerprints):
            self._store(entry_file, _Entry(key, cached.load, fingerprints))
        return cached

    def _previous(self, entry_file: Path) -> _Entry | None:
        try:
            with entry_file.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # no entry, or one written by another version: read the source again

    def _store(self, entry_file: Path, entry: _Entry) -> None:
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        partial = entry_file.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(entry_file)  # atomic: a killed run never leaves half an entry


@dataclass(frozen=True)
class _Entry:
    key: str
    load: SourceLoad
    fingerprints: tuple[FileFingerprint, ...]


def _cache_key(spec: SourceSpec, registry: Registry, fingerprints: tuple[FileFingerprint, ...]) -> str:
    digest = hashlib.sha256(_reader_code_digest().encode())
    described = {
        "spec": dataclasses.asdict(spec),
        "domains": registry.own_email_domains,
        "region": registry.phone_region,
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for fp in fingerprints:
        digest.update(f"{fp.path}\0{fp.sha256}\n".encode())
    return digest.hexdigest()
