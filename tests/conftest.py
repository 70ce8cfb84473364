from pathlib import Path

import pytest
import yaml

from pipelines.registry import Registry, load_registry


@pytest.fixture
def write_registry(tmp_path: Path):
    """Write a registry YAML next to the test's source files and load it."""

    def write(*sources: dict, own_email_domains: tuple[str, ...] = ("hengtai-machinery.com",)) -> Registry:
        path = tmp_path / "sources.yaml"
        document = {"company": {"own_email_domains": list(own_email_domains)}, "sources": list(sources)}
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return load_registry(path)

    return write
