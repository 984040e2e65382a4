"""Rules: delivery."""
