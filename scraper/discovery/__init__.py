"""Discovery: outlet seeds, feeds and sitemaps (listings), page type, URLs."""
