"""Web archive input: reading records, choosing inputs, fetching remote archives."""
