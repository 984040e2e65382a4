"""Emulator tier (a package so that test file names may repeat across tiers)."""
