"""slsguard: serverless guardrails for Terraform."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("slsguard")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
