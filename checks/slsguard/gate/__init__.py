"""The gate behind ``slsguard check``: plan loading, the indexed model, the rule engine, waivers
and the report formats. Rules live one per file under ``slsguard.rules``."""
