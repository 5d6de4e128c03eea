"""Source credibility scoring: sentence findings -> article score -> source score.

Plain functions over plain data; no Scrapy import.
"""

from scraper.scoring.article import score_article
from scraper.scoring.sources import score_sources
from scraper.scoring.types import ArticleScore, Evidence, SourceScore

__all__ = ["ArticleScore", "Evidence", "SourceScore", "score_article", "score_sources"]
