"""Test harness shared by every tier: terraform roots, plan inventories and emulator access."""
