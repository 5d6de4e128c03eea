"""Crawler extensions: accounting, progress, and the state extension (store, run lock)."""
