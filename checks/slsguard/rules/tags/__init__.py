"""Rules: tags."""
