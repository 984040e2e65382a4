"""Rules: api."""
