"""Source credibility scoring: sentence findings -> article score -> source score.

Plain functions over plain data; no Scrapy import.
"""

from scraper.scoring.article import score_article
from scraper.scoring.sources import score_sources
from scraper.scoring.types import SOURCE_TYPES, ArticleScore, Evidence, EvidenceRef, SourceScore

__all__ = ["SOURCE_TYPES", "ArticleScore", "Evidence", "EvidenceRef", "SourceScore", "score_article", "score_sources"]
