"""Deterministic demo data: five messy customer sources of the fictional
恒泰机械有限公司 plus the ground truth that says which records belong together."""

from __future__ import annotations

from .generate import DemoSummary, generate_demo_sources, read_ground_truth

__all__ = ["DemoSummary", "generate_demo_sources", "read_ground_truth"]
