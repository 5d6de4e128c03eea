"""Extraction: trafilatura and readability blocks, their vote, and page furniture (header, standfirst, live blogs, what was left out)."""
