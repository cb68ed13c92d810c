"""Shared test fixtures: paths, the helper module, the article text."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "chapters"))

import companion as cx  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "article" / "article.txt"
HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"


@pytest.fixture(scope="session")
def article_raw() -> str:
    """The article text; skipped (with the reason) where ../shared is absent, failed in CI."""
    if not ARTICLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the article at {ARTICLE}")
        pytest.skip(f"the article text is not at {ARTICLE} (a reader's clone has no ../shared)")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article(article_raw) -> str:
    return cx.fold(article_raw)
