"""The built-in AWS emulator: moto's server on loopback plus a small compatibility layer."""
