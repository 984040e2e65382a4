"""Environment configuration tests (a package so that test file names may repeat across tiers)."""
