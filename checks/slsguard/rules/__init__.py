"""The standard, one rule per module: ``RULE`` (metadata) beside ``evaluate(ctx)``.

The engine imports every module of this package; a new rule is a new file, nothing else.
"""
