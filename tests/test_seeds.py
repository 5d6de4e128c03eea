"""Seeds load into checked, frozen Outlet specs; bad entries say where they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scraper.discovery.seeds import SeedError, load_outlets
from tests.crawlutil import ROOT

GOOD = '''
[[outlet]]
name = "Lakeside Post"
domain = "lakeside-post.test"
feeds = ["http://lakeside-post.test/rss"]
allow = ["/news/"]
deny = ["/news/video/"]
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "outlets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_outlet_and_applies_allow_and_deny(tmp_path: Path) -> None:
    [outlet] = load_outlets(write(tmp_path, GOOD))
    assert outlet.name == "Lakeside Post"
    assert outlet.feeds == ("http://lakeside-post.test/rss",)
    assert outlet.accepts("http://lakeside-post.test/news/2026/fire.html")
    assert not outlet.accepts("http://lakeside-post.test/news/video/fire.html")
    assert not outlet.accepts("http://lakeside-post.test/sport/match.html")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no [[outlet]] entries"),
        ("[[outlet]]\nname = 'A'\nfeeds = ['http://a.test/f']\n", "'domain' is required"),
        ("[[outlet]]\nname = 'A'\ndomain = 'a.test'\n", "at least one feed or sitemap"),
        ("[[outlet]]\nname = 'A'\ndomain = 'a.test'\nfeeds = ['file:///etc/passwd']\n", "must be http(s)"),
        ("[[outlet]]\nname = 'A'\ndomain = 'a.test'\nfeeds = ['http://a.test/f']\ndeny = ['(']\n", "bad regex"),
        ("[[outlet]]\nname = 'A'\ndomain = 'a.test'\nfeeds = ['http://a.test/f']\nfeed = 'x'\n", "unknown keys"),
        ("[[outlet\n", "invalid TOML"),
    ],
)
def test_bad_seeds_are_reported_with_their_position(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SeedError, match=re.escape(message)):
        load_outlets(write(tmp_path, text))


def test_missing_file_is_a_seed_error(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="cannot read seeds file"):
        load_outlets(tmp_path / "nope.toml")


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.toml")) + [ROOT / "scraper/demo/outlets.toml"])
def test_shipped_seed_files_load(path: Path) -> None:
    outlets = load_outlets(path)
    assert outlets and all(o.feeds or o.sitemaps for o in outlets)
