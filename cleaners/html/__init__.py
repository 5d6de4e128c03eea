"""HTML decoding and repair: bytes to text, parsing, a second parse, hidden text."""
