"""Item pipelines: where a page goes after the spider.

cleaning (clean + score in a process pool, running processing.process_page),
dedup (content duplicates), state (drops unchanged articles)."""
