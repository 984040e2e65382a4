"""Rules: encryption."""
