"""Rules: data."""
