"""Rules: iam."""
