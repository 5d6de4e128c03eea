"""Plain text and language: the plain-text entry point and language identification."""
