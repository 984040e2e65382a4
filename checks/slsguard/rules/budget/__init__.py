"""Rules: budget."""
