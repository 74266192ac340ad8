"""The enrichment measured on the 1,916 White House bilateral statements."""

import importlib.util
import sys

import pytest

from .conftest import CORPUS, REPO

BILATERAL = CORPUS / "whitehouse.gov" / "bilateral"
pytestmark = pytest.mark.skipif(
    not BILATERAL.is_dir(), reason=f"the White House statements are absent ({BILATERAL})"
)


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location("quality", REPO / "bench" / "quality.py")
    quality = importlib.util.module_from_spec(spec)
    sys.modules["quality"] = quality  # dataclasses look their module up there
    spec.loader.exec_module(quality)
    return quality.measure(quality.bilateral_paths(BILATERAL))


def test_all_bilateral_statements_are_read(figures):
    assert len(figures.statements) == 1916


def test_a_foreign_country_named_in_the_title_is_among_the_countries(figures):
    assert figures.title_one_country > 1000
    assert figures.title_recall >= 0.97


def test_statements_are_about_a_few_countries_not_every_passing_mention(figures):
    assert 1.5 <= figures.countries_mean <= 3.5
