from pathlib import Path

import openpyxl
import pytest
import yaml

from pipelines.registry import Registry, load_registry


@pytest.fixture
def write_registry(tmp_path: Path):
    """Write a registry YAML next to the test's source files and load it."""

    def write(
        *sources: dict,
        own_email_domains: tuple[str, ...] = ("hengtai-machinery.com",),
        quality: dict | None = None,
        **company_settings,
    ) -> Registry:
        path = tmp_path / "sources.yaml"
        company = {"own_email_domains": list(own_email_domains), "quality": quality or {}} | company_settings
        document = {"company": company, "sources": list(sources)}
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return load_registry(path)

    return write


@pytest.fixture
def small_sources(tmp_path, write_registry):
    """Two readable sources with one duplicate customer and one test row, and one corrupt workbook."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["客户名称", "手机", "电子邮箱"])
    sheet.append(["张伟", "13800138000", "zhangwei@163.com"])
    sheet.append(["李娜", "13911112222", None])
    sheet.append(["测试数据", None, None])
    workbook.save(tmp_path / "sales.xlsx")
    (tmp_path / "service.csv").write_bytes(
        "用户姓名,联系电话\n張偉,+86 138-0013-8000\n王芳,0755-12345678\n".encode("gbk")
    )
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    return write_registry(
        {
            "name": "sales",
            "department": "sales",
            "kind": "spreadsheet",
            "location": "sales.xlsx",
            "trust": 3,
            "columns": {"客户名称": "customer_name", "手机": "phone", "电子邮箱": "email"},
        },
        {
            "name": "service",
            "department": "after_sales",
            "kind": "spreadsheet",
            "location": "service.csv",
            "columns": {"用户姓名": "person_name", "联系电话": "phone"},
        },
        {
            "name": "marketing",
            "department": "marketing",
            "kind": "spreadsheet",
            "location": "broken.xlsx",
            "columns": {"Name": "person_name"},
        },
        # One test row among a handful of records is a large share: allow it.
        quality={"max_quarantine_share": 0.5},
    )
