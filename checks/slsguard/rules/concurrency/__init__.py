"""Rules: concurrency."""
