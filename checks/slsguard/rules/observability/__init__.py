"""Rules: observability."""
