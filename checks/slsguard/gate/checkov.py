"""Checkov as the gate's second engine: started on the plan JSON before the slsguard engine runs
(Checkov costs seconds, the engine a fraction), collected afterwards and merged into one verdict.

The curated configuration, our CKV_SLS_* checks and the mapping of every check to the standard
(``gate-mapping.yaml``) live in ``policies/checkov/``, packaged with slsguard (see config.py), or
wherever ``SLSGUARD_POLICIES`` points (e.g. a fork's edited copy). A Checkov that is
missing, crashes, times out or prints something unreadable is an error (exit 2), never a pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from slsguard.errors import SlsguardError
from slsguard.gate.config import POLICIES, read_data_file
from slsguard.gate.rule import SEVERITIES, Finding, Rule, severity_rank
from slsguard.gate.model import Model

POLICIES_ENV = "SLSGUARD_POLICIES"  # the folder that holds checkov/ (config.yaml, checks/, gate-mapping.yaml)
CHECKOV_ENV = "SLSGUARD_CHECKOV"  # the checkov executable, when it is not next to this interpreter
TIMEOUT_ENV = "SLSGUARD_CHECKOV_TIMEOUT"  # seconds; Checkov needs ~3 min for a 10k-resource plan
DEFAULT_TIMEOUT_S = 900.0
UNKNOWN_CHECK_SEVERITY = "high"  # a check without a curated severity blocks: unknown never passes quietly
UNJUDGED = "unjudged:"  # CKV_SLS_* details for a value Checkov could not judge (checks/sls_values.py)
BOTH_ENGINES = "slsguard+checkov"
# Offline and quiet: no guideline mapping download, no PyPI update check, no platform upload. And a
# plan value known only after apply becomes Checkov's marker instead of vanishing: without it a
# reference computed at apply (a boundary ARN, a key ARN) reads as "not set" and fails definitely,
# with it our CKV_SLS_* checks pass a reference or fail "unjudged:", which the engine then judges.
CHECKOV_ENVIRONMENT = {"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE",
                       "EVAL_TF_PLAN_AFTER_UNKNOWN": "TRUE"}
PLATFORM_VARIABLES = ("BC_API_KEY", "PRISMA_API_URL", "BC_API_URL")


def policies_dir() -> Path:
    configured = os.environ.get(POLICIES_ENV)
    base = Path(configured) if configured else POLICIES
    if not (base / "checkov" / "config.yaml").is_file():
        source = f"{POLICIES_ENV}={configured}" if configured else "the data packaged with slsguard"
        raise SlsguardError(f"the Checkov policies are not at {base / 'checkov'} (from {source}); set "
                            f"{POLICIES_ENV} to the policies folder of a slsguard checkout, or pass --no-checkov.")
    return base


def checkov_command() -> list[str]:
    configured = os.environ.get(CHECKOV_ENV)
    candidate = Path(configured) if configured else Path(sys.executable).parent / "checkov"
    if not candidate.is_file() or not os.access(candidate, os.X_OK):
        raise SlsguardError(f"Checkov is not installed at {candidate} (install requirements/dev.txt, or set "
                            f"{CHECKOV_ENV}), so the verdict would be incomplete; pass --no-checkov to run "
                            "the slsguard engine alone.")
    return [str(candidate)]


def timeout_seconds() -> float:
    text = os.environ.get(TIMEOUT_ENV, "")
    if not text:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise SlsguardError(f"{TIMEOUT_ENV}={text!r} is not a positive number of seconds.")
    return value


@dataclass(frozen=True)
class BuiltinCheck:
    id: str
    title: str
    severity: str
    remediation: str
    same_as: str | None


@dataclass(frozen=True)
class Mapping:
    custom: dict[str, tuple[str, ...]]  # CKV_SLS_n -> the gate rules it implements
    builtin: dict[str, BuiltinCheck]
    why: dict[str, str]  # check or gate rule id -> why that engine owns it

    def waiver_aliases(self) -> dict[str, tuple[str, ...]]:
        """Checkov ids a waiver may name -> the rule ids of the findings it may suppress."""
        aliases = dict(self.custom)
        for check in self.builtin.values():
            aliases[check.id] = (check.id, check.same_as) if check.same_as else (check.id,)
        return aliases

    def builtin_rules(self) -> list[Rule]:
        return [Rule(c.id, c.title, c.severity, f"Checkov built-in check {c.id}, adopted in policies/checkov/config.yaml.",
                     c.remediation, (f"Checkov {c.id}",)) for c in self.builtin.values()]


def load_mapping(policies: Path, gate_rules: set[str]) -> Mapping:
    """Read gate-mapping.yaml and check it against config.yaml and the gate's rules."""
    path = policies / "checkov" / "gate-mapping.yaml"
    document = read_data_file(path, "Checkov mapping")
    config = read_data_file(policies / "checkov" / "config.yaml", "Checkov configuration")
    if not isinstance(document, dict) or not isinstance(config, dict):
        raise SlsguardError(f"{path} and its config.yaml must both be mappings.")
    try:
        custom = {check: tuple(entry["rules"]) for check, entry in document["custom"].items()}
        why = {check: entry["why"] for check, entry in document["custom"].items()}
        builtin = {check: BuiltinCheck(check, entry["title"], entry["severity"], entry["remediation"],
                                       entry.get("same_as")) for check, entry in document["builtin"].items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise SlsguardError(f"{path} is malformed near {error}; see the comment at its top.") from error
    problems = [f"{c.id} has severity {c.severity!r}" for c in builtin.values() if c.severity not in SEVERITIES]
    mapped = {rule for rules in custom.values() for rule in rules}
    named = mapped | {c.same_as for c in builtin.values() if c.same_as}
    problems += [f"names unknown rule {rule}" for rule in sorted(named - gate_rules)]
    notes = _engine_notes()
    for rule in sorted(gate_rules - mapped):
        if notes.get(rule):
            why[rule] = notes[rule]
        else:
            problems.append(f"has no Checkov policy for rule {rule}, whose RULE gives no engine_note either")
    configured = set(config.get("check") or [])
    problems += [f"has no entry for {check} of config.yaml" for check in sorted(configured - set(custom) - set(builtin))]
    if problems:
        raise SlsguardError(f"{path}: {'; '.join(problems)}.")
    return Mapping(custom, builtin, why)


def _engine_notes() -> dict[str, str]:
    """Why the slsguard engine owns each rule no Checkov policy implements (from the rules)."""
    from slsguard.gate.engine import discover
    from slsguard.gate.waivers import WAIVER_EXPIRED

    return {rule.id: rule.engine_note for rule in [loaded.rule for loaded in discover()] + [WAIVER_EXPIRED]}


class Scan:
    """One Checkov process, started now and collected later.

    Checkov spends ~1.7 s importing itself before it reads anything. When the gate plans ROOT_DIR
    itself, the plan does not exist yet, so the default Checkov (the one installed beside this
    interpreter) starts *warm*: it imports while terraform plans, then waits for the plan file's
    path on stdin (``feed``). A Checkov named by SLSGUARD_CHECKOV starts when it is fed.
    """

    def __init__(self, policies: Path) -> None:
        checkov = policies / "checkov"
        config = read_data_file(checkov / "config.yaml", "Checkov configuration") or {}
        arguments = ["--framework", "terraform_plan", "--config-file", str(checkov / "config.yaml"),
                     "-o", "json", "--quiet", "--compact"]
        # The configuration's own keys are not repeated (a repeated directory would load every check
        # twice); its relative paths are relative to the repository root, where Checkov runs.
        check_dirs = config.get("external-checks-dir") or []
        if not check_dirs:
            arguments += ["--external-checks-dir", str(checkov / "checks")]
        for check_dir in check_dirs:  # a directory Checkov cannot find would silently drop our checks
            if not (policies.parent / check_dir).is_dir():
                raise SlsguardError(f"{checkov / 'config.yaml'} names external-checks-dir {check_dir}, which is not "
                                    f"a folder under {policies.parent}; {POLICIES_ENV} must point at a folder "
                                    "named policies.")
        if config.get("skip-download") is not True:
            arguments.append("--skip-download")
        self._cwd = policies.parent
        self._environment = {key: value for key, value in os.environ.items() if key not in PLATFORM_VARIABLES}
        self._environment.update(CHECKOV_ENVIRONMENT)
        self._stdout: IO[bytes] = tempfile.TemporaryFile()  # a file, not a pipe: Checkov never blocks on us
        self._stderr: IO[bytes] = tempfile.TemporaryFile()
        self.timeout = timeout_seconds()
        self.process: subprocess.Popen[bytes] | None = None
        executable = checkov_command()
        if os.environ.get(CHECKOV_ENV):
            self._deferred: list[str] | None = [*executable, *arguments]
        else:
            self._deferred = None
            self._start([sys.executable, "-m", "slsguard.gate.checkov_warm", *arguments], stdin=subprocess.PIPE)

    def _start(self, command: list[str], stdin: int) -> None:
        try:
            self.process = subprocess.Popen(command, cwd=self._cwd, env=self._environment, stdin=stdin,
                                            stdout=self._stdout, stderr=self._stderr)
        except OSError as error:
            self.close()
            raise SlsguardError(f"Checkov could not be started ({command[0]}: {error.strerror or error}).") from error

    def feed(self, plan_file: Path) -> Scan:
        """Give Checkov the plan file to scan."""
        if self._deferred is not None:
            self._start([*self._deferred, "-f", str(plan_file.resolve())], stdin=subprocess.DEVNULL)
            return self
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(f"{plan_file.resolve()}\n".encode())
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it died while importing; collect() reports its exit code and message
        return self

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.close()
        self._stdout.close()
        self._stderr.close()

    def collect(self) -> list[dict[str, Any]]:
        """The failed-check records; any other outcome than Checkov's exit 0 or 1 with JSON is an error."""
        if self.process is None:
            raise SlsguardError("Checkov was never given a plan to scan.")
        try:
            code = self.process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired as error:
            self.close()
            raise SlsguardError(f"Checkov did not finish within {self.timeout:g} s (raise {TIMEOUT_ENV} or "
                                "pass --no-checkov).") from error
        self._stdout.seek(0)
        self._stderr.seek(0)
        output, errors = self._stdout.read(), self._stderr.read().decode(errors="replace")
        self.close()
        last_error = next((line.strip() for line in reversed(errors.splitlines()) if line.strip()), "no message")
        if code not in (0, 1):  # 0: every check passed, 1: some failed; anything else is Checkov breaking
            raise SlsguardError(f"Checkov failed with exit code {code}: {last_error[:300]}.")
        return failed_records(output, last_error)


def failed_records(output: bytes, last_error: str = "no message") -> list[dict[str, Any]]:
    try:
        document = orjson.loads(output)
    except orjson.JSONDecodeError:
        raise SlsguardError(f"Checkov printed no readable JSON report (stderr: {last_error[:300]}).") from None
    reports = document if isinstance(document, list) else [document]
    records: list[dict[str, Any]] = []
    for report in reports:
        if not isinstance(report, dict):
            raise SlsguardError("Checkov's JSON report is not a list of reports.")
        if "results" not in report:  # nothing to scan: Checkov prints only a summary
            summary = report
        else:
            summary = report.get("summary", {})
            failed = report["results"].get("failed_checks") if isinstance(report["results"], dict) else None
            if not isinstance(failed, list) or not all(isinstance(r, dict) and "check_id" in r for r in failed):
                raise SlsguardError("Checkov's JSON report has no readable failed_checks list.")
            records += [record for record in failed if not _about_checkov_metadata(record)]
        if not isinstance(summary, dict) or "passed" not in summary:
            raise SlsguardError("Checkov's JSON report has neither results nor a summary.")
        if summary.get("parsing_errors"):
            raise SlsguardError(f"Checkov could not parse the plan ({summary['parsing_errors']} parsing error(s)).")
    return records


# Keys Checkov adds to every parsed block. Its secrets checks scan them like user values, so a plan
# path with a 40-character run of [A-Za-z0-9/] (".../bench/inputs/10000/plan" is one) "is" an AWS
# secret key in every function's environment (CKV_AWS_45 on Checkov 3.3.30).
CHECKOV_METADATA_KEYS = ("__file__", "__startline__", "__endline__", "start_line", "end_line")


def _about_checkov_metadata(record: dict[str, Any]) -> bool:
    result = record.get("check_result")
    keys = result.get("evaluated_keys") if isinstance(result, dict) else None
    return (isinstance(keys, list) and bool(keys)
            and all(isinstance(key, str) and key.rsplit("/", 1)[-1] in CHECKOV_METADATA_KEYS for key in keys))


def _address(record: dict[str, Any]) -> str:
    # For plan files resource_address is Terraform's address, module path and index included.
    address = record.get("resource_address") or record.get("resource")
    if not isinstance(address, str) or not address:
        raise SlsguardError(f"Checkov reported {record.get('check_id')} without a resource address.")
    return address


def _details(record: dict[str, Any]) -> list[str]:
    details = record.get("details") or []
    return [str(item) for item in details] if isinstance(details, list) else [str(details)]


def _judged_by_both(finding: Finding) -> None:
    if finding.engine == "slsguard":
        finding.engine = BOTH_ENGINES


def merge(gate_findings: list[Finding], records: list[dict[str, Any]], mapping: Mapping,
          evaluated: dict[str, Rule], config: dict[str, Any], model: Model) -> list[Finding]:
    """Fold Checkov's failures into the engine's findings: each fault once, on one rule and address.

    ``evaluated``: the gate rules this run judges, with the configuration's severity overrides
    applied (a disabled rule is absent, and so are Checkov's findings for it). Built-in checks are
    ranked by gate-mapping.yaml, unless the gate configuration's ``rules`` re-ranks or disables one
    by its check id.
    """
    index = {(f.rule, f.address): f for f in gate_findings}
    added: list[Finding] = []
    for record in records:
        check_id, address = str(record["check_id"]), _address(record)
        details = _details(record)
        name = str(record.get("check_name") or check_id)
        if check_id in mapping.custom:
            rules = [rule for rule in mapping.custom[check_id] if rule in evaluated]
            merged = [index[(rule, address)] for rule in rules if (rule, address) in index]
            for finding in merged:
                _judged_by_both(finding)
            if merged or not rules:
                continue
            if details and all(detail.startswith(UNJUDGED) for detail in details):
                continue  # Checkov could not judge a value; the engine judged it from the configuration
            rule = evaluated[rules[0]]
            finding = Finding(rule.id, rule.title, rule.severity, address,
                              f"{check_id}: {'; '.join(details) or name}.", rule.remediation, engine="checkov")
        else:
            builtin = mapping.builtin.get(check_id)
            if builtin and builtin.same_as and (builtin.same_as, address) in index:
                _judged_by_both(index[(builtin.same_as, address)])
                continue
            override = config.get("rules", {}).get(check_id, {})
            if override.get("enabled") is False:
                continue
            severity = override.get("severity") or (builtin.severity if builtin else UNKNOWN_CHECK_SEVERITY)
            remediation = builtin.remediation if builtin else f"Fix the resource so that Checkov {check_id} passes."
            message = f"{name}{': ' + '; '.join(details) if details else ''}."
            if builtin is None:
                message += f" ({check_id} has no curated severity in gate-mapping.yaml, so it blocks.)"
            finding = Finding(check_id, name, severity, address, message, remediation, engine="checkov")
        if (finding.rule, address) in index:
            continue
        index[(finding.rule, address)] = finding
        added.append(finding)
    from slsguard.gate.engine import place

    place(added, model, config)
    return gate_findings + added


def engines_table(mapping: Mapping, titles: dict[str, str]) -> str:
    """Markdown: every rule of the standard and every adopted Checkov check -> its engine and why."""
    owners: dict[str, list[str]] = {}
    for check_id, rules in mapping.custom.items():
        for rule_id in rules:
            owners.setdefault(rule_id, []).append(check_id)
    lines = ["| Rule | Title | Engine | Why |", "|---|---|---|---|"]
    for rule_id in sorted(titles):
        if rule_id in owners:
            engine_name = f"Checkov custom policy {', '.join(owners[rule_id])}"
            why = "; ".join(mapping.why[check_id] for check_id in owners[rule_id])
        else:
            engine_name, why = "slsguard engine", mapping.why[rule_id]
        lines.append(f"| {rule_id} | {titles[rule_id]} | {engine_name} | {why} |")
    for check in sorted(mapping.builtin.values(), key=lambda c: c.id):
        why = f"same fault as {check.same_as}, reported once under it" if check.same_as else \
            "maintained by Checkov, no slsguard rule"
        lines.append(f"| {check.id} | {check.title} | Checkov built-in | {why} |")
    return "\n".join(lines) + "\n"
