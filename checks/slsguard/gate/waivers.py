"""Waivers: owned, time-boxed exceptions matched by rule id and address glob."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slsguard.errors import SlsguardError
from slsguard.gate.config import read_data_file, validate
from slsguard.gate.rule import Finding, Rule
from slsguard.gate.wildcard import wildcard_match

WAIVER_EXPIRED = Rule(
    id="SLS-WVR-001",
    title="Waivers are not expired",
    severity="high",
    rationale="An expired waiver means the promised fix did not land; the exception must be renewed "
              "deliberately or the finding fixed.",
    remediation="Fix the waived finding and delete the waiver, or renew it with a new expiry date and ticket.",
    references=("policies/schemas/waivers.schema.json",),
    engine_note="waivers are the gate's",
)


@dataclass
class Waiver:
    rule: str
    address: str
    owner: str
    reason: str
    ticket: str
    expires: dt.date
    used: bool = False
    # The finding rule ids this waiver covers: its own id, or for a Checkov id the gate rule(s) its
    # findings are reported under (CKV_SLS_1 -> SLS-IAM-006; a built-in merged into a gate rule).
    covers: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "address": self.address, "owner": self.owner, "reason": self.reason,
                "ticket": self.ticket, "expires": self.expires.isoformat()}

    def matches(self, finding: Finding) -> bool:
        return ((finding.rule == self.rule or finding.rule in self.covers)
                and wildcard_match(self.address, finding.address, case_sensitive=True))


def _dates_as_text(document: Any) -> Any:
    """YAML reads 2026-01-31 as a date; the schema checks the text form."""
    if isinstance(document, dict):
        return {key: _dates_as_text(value) for key, value in document.items()}
    if isinstance(document, list):
        return [_dates_as_text(item) for item in document]
    if isinstance(document, (dt.date, dt.datetime)):
        return document.isoformat()
    return document


def load(path: Path, known_rules: set[str], max_days: int, today: dt.date | None = None,
         aliases: dict[str, tuple[str, ...]] | None = None) -> list[Waiver]:
    """``aliases``: the Checkov check ids a waiver may name, each with the rule ids it covers."""
    today = today or dt.date.today()
    aliases = aliases or {}
    document = _dates_as_text(read_data_file(path, "waiver file"))
    validate(document, "waivers.schema.json", f"waiver file {path}")
    waivers = []
    for position, entry in enumerate(document["waivers"]):
        where = f"waiver file {path}, waiver {position + 1} ({entry['rule']} on {entry['address']})"
        if entry["rule"] not in known_rules and entry["rule"] not in aliases:
            raise SlsguardError(f"{where}: unknown rule id {entry['rule']}.")
        try:
            expires = dt.date.fromisoformat(entry["expires"])
        except ValueError as error:
            raise SlsguardError(f"{where}: expires {entry['expires']!r} is not a date.") from error
        if expires > today + dt.timedelta(days=max_days):
            raise SlsguardError(f"{where}: expires {expires} is more than {max_days} days ahead.")
        waivers.append(Waiver(entry["rule"], entry["address"], entry["owner"], entry["reason"], entry["ticket"],
                              expires, covers=aliases.get(entry["rule"], ())))
    return waivers


def apply(findings: list[Finding], waivers: list[Waiver], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Suppress findings matched by an unexpired waiver; return the waivers that matched nothing."""
    today = today or dt.date.today()
    active = [w for w in waivers if w.expires >= today]
    for finding in findings:
        for waiver in active:
            if waiver.matches(finding):
                waiver.used = True
                finding.waiver = waiver.as_json()
                finding.blocking = False
                break
    return [w.as_json() for w in active if not w.used]


def expired_findings(waivers: list[Waiver], today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    return [
        Finding(WAIVER_EXPIRED.id, WAIVER_EXPIRED.title, WAIVER_EXPIRED.severity, waiver.address,
                f"the waiver of {waiver.rule} owned by {waiver.owner} ({waiver.ticket}) expired on "
                f"{waiver.expires}.", WAIVER_EXPIRED.remediation)
        for waiver in waivers if waiver.expires < today
    ]
