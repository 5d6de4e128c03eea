"""Cruft rules as data (tables), the engine that applies them, learned templates, untranslated fragments."""
