"""Report formats of ``slsguard check``: text, json, markdown, github, sarif and junit."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import orjson

from slsguard import __version__
from slsguard.gate.engine import SEVERITIES, Finding, Result, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/slsguard/slsguard"


def summary(result: Result, code: int, seconds: float) -> dict[str, Any]:
    active = [f for f in result.findings if not f.suppressed]
    return {
        "exit_code": code,
        "blocking": sum(f.blocking for f in result.findings),
        "findings": len(active),
        "suppressed": len(result.findings) - len(active),
        "by_severity": {s: n for s, n in Counter(f.severity for f in active).items()},
        "rules_evaluated": len(result.evaluated),
        "engines": sorted(result.engines),
        "unused_waivers": result.unused_waivers,
        "seconds": round(seconds, 3),
    }


def _ordered(result: Result) -> list[Finding]:
    return sorted(result.findings, key=lambda f: (f.suppressed, -SEVERITIES.index(f.severity), f.rule, f.address))


def render_json(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    document = {"findings": [f.as_json() for f in _ordered(result)], "summary": summary(result, code, seconds)}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def _waiver_snippet(finding: Finding) -> str:
    return (f"- rule: {finding.rule}\n  address: '{finding.address}'\n  owner: TEAM\n"
            f"  reason: WHY THIS IS ACCEPTABLE FOR NOW\n  ticket: TICKET-ID\n  expires: YYYY-MM-DD\n")


def render_text(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    from rich.console import Console
    from rich.markup import escape

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=to_terminal, no_color=not to_terminal, highlight=False,
                      width=120 if not to_terminal else None, soft_wrap=not to_terminal)
    colours = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
    ordered = _ordered(result)
    for severity in reversed(SEVERITIES):
        group = [f for f in ordered if f.severity == severity and not f.suppressed]
        if not group:
            continue
        console.print(f"[{colours[severity]}]{severity.upper()}[/] ({len(group)})")
        for finding in group:
            where = f" ({_where(finding)})" if finding.file else ""
            marker = "BLOCK" if finding.blocking else "note "
            console.print(f"  {marker} {finding.rule} {escape(finding.address)}{escape(where)}")
            console.print(f"        {escape(finding.message)}")
            console.print(f"        fix: {escape(finding.remediation)}", style="dim")
    suppressed = [f for f in ordered if f.suppressed]
    if suppressed:
        console.print(f"WAIVED ({len(suppressed)})")
        for finding in suppressed:
            console.print(f"  {finding.rule} {escape(finding.address)} - waived by {escape(finding.waiver['owner'])} "
                          f"({escape(finding.waiver['ticket'])}) until {finding.waiver['expires']}")
    for waiver in result.unused_waivers:
        console.print(f"unused waiver: {waiver['rule']} {escape(waiver['address'])} ({escape(waiver['ticket'])})")
    info = summary(result, code, seconds)
    verdict = "[bold red]FAIL[/]" if code else "[bold green]PASS[/]"
    console.print(f"{verdict} {info['blocking']} blocking, {info['findings']} findings, {info['suppressed']} waived; "
                  f"{info['rules_evaluated']} rules in {seconds:.2f} s")
    return buffer.getvalue()


def render_markdown(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    info = summary(result, code, seconds)
    if not result.findings and not result.unused_waivers:
        return f"### slsguard: pass\n\n{info['rules_evaluated']} rules evaluated, no findings.\n"
    title = "fail" if code else "pass"
    lines = [f"### slsguard: {title}", "",
             f"{info['blocking']} blocking, {info['findings']} findings, {info['suppressed']} waived "
             f"({info['rules_evaluated']} rules).", ""]
    ordered = _ordered(result)
    for severity in reversed(SEVERITIES):
        group = [f for f in ordered if f.severity == severity and not f.suppressed]
        if not group:
            continue
        lines += [f"#### {severity.capitalize()} ({len(group)})", ""]
        for finding in group:
            where = f" — `{_where(finding)}`" if finding.file else ""
            lines.append(f"- **{finding.rule}** `{finding.address}`{where}: {_md(finding.message)}")
            lines.append(f"  - Fix: {_md(finding.remediation)}")
        lines += ["", "<details><summary>Waiver snippets</summary>", "", "```yaml", "waivers:"]
        lines += [_waiver_snippet(f).rstrip("\n") for f in group]
        lines += ["```", "", "</details>", ""]
    suppressed = [f for f in ordered if f.suppressed]
    if suppressed:
        lines += ["#### Waived", ""]
        lines += [f"- {f.rule} `{f.address}` by {_md(f.waiver['owner'])} ({_md(f.waiver['ticket'])}), "
                  f"expires {f.waiver['expires']}" for f in suppressed]
        lines.append("")
    if result.unused_waivers:
        lines += ["#### Unused waivers", ""]
        lines += [f"- {w['rule']} `{w['address']}` ({_md(w['ticket'])})" for w in result.unused_waivers]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _where(finding: Finding) -> str:
    """``file:line``, and the caller's module block for a resource in a fetched module."""
    where = f"{finding.file}:{finding.line}"
    if finding.caller:
        where += f", instantiated at {finding.caller[0]}:{finding.caller[1]}"
    return where


# Paths are relative to the repository (ROOT_DIR when it is in none); code scanning resolves this id.
SOURCE_ROOT = "%SRCROOT%"


def _physical(file: str, line: int | None) -> dict[str, Any]:
    return {"artifactLocation": {"uri": file, "uriBaseId": SOURCE_ROOT}, "region": {"startLine": line or 1}}


def render_github(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    lines = []
    for finding in _ordered(result):
        if finding.suppressed:
            continue
        level = "error" if finding.blocking else "warning"
        properties = [f"title={_github_escape(f'{finding.rule} {finding.address}', True)}"]
        # An annotation shows only on a file of the pull request: a module terraform fetched is not
        # one, the caller's module block is.
        file, line = finding.caller or (finding.file, finding.line)
        if file:
            properties = [f"file={_github_escape(file, True)}", f"line={line}", *properties]
        lines.append(f"::{level} {','.join(properties)}::"
                     f"{_github_escape(f'{finding.message} Fix: {finding.remediation}')}")
    for waiver in result.unused_waivers:
        lines.append(f"::notice title=unused waiver::{_github_escape(waiver['rule'] + ' ' + waiver['address'])}")
    info = summary(result, code, seconds)
    lines.append(f"slsguard: {'FAIL' if code else 'PASS'} ({info['blocking']} blocking, {info['findings']} findings, "
                 f"{info['suppressed']} waived)")
    return "\n".join(lines) + "\n"


def _rules_in(result: Result) -> list[Rule]:
    from slsguard.gate.waivers import WAIVER_EXPIRED

    rules = {rule.id: rule for rule in result.evaluated}
    rules.setdefault(WAIVER_EXPIRED.id, WAIVER_EXPIRED)
    return [rules[key] for key in sorted(rules)]


def render_sarif(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    rules = _rules_in(result)
    index = {rule.id: position for position, rule in enumerate(rules)}
    sarif_rules = [{
        "id": rule.id, "name": rule.id.replace("-", ""),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.remediation}\nReferences: {', '.join(rule.references)}",
                 "markdown": f"{rule.rationale}\n\n**Fix:** {rule.remediation}\n\n"
                             + "\n".join(f"- {ref}" for ref in rule.references)},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"severity": rule.severity, "tags": ["security", "terraform"]},
    } for rule in rules]
    results = []
    for finding in _ordered(result):
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": SARIF_LEVEL[finding.severity] if finding.blocking or finding.suppressed else "note",
            "message": {"text": f"{finding.address}: {finding.message}"},
            "properties": {"address": finding.address, "severity": finding.severity, "engine": finding.engine,
                           "blocking": finding.blocking},
            "partialFingerprints": {"slsguard/v1": f"{finding.rule}:{finding.address}"},
        }
        if finding.rule in index:
            entry["ruleIndex"] = index[finding.rule]
        location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": finding.address, "kind": "resource"}]}
        if finding.file:
            location["physicalLocation"] = _physical(finding.file, finding.line)
        entry["locations"] = [location]
        if finding.caller:
            entry["relatedLocations"] = [{"id": 1, "message": {"text": "the module block that instantiates it"},
                                          "physicalLocation": _physical(*finding.caller)}]
        if finding.waiver:
            entry["suppressions"] = [{"kind": "external", "status": "accepted",
                                      "justification": f"{finding.waiver['reason']} (owner {finding.waiver['owner']}, "
                                                       f"ticket {finding.waiver['ticket']}, expires "
                                                       f"{finding.waiver['expires']})"}]
        results.append(entry)
    document = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "slsguard", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": sarif_rules}},
            "originalUriBaseIds": {SOURCE_ROOT: {"description": {"text": "the repository that holds the checked root"}}},
            "results": results,
            "invocations": [{"executionSuccessful": True, "exitCode": code}],
        }],
    }
    return json.dumps(document, indent=2) + "\n"


def _junit_class(rule: Rule) -> str:
    # SLS-IAM-001 -> slsguard.iam; Checkov's built-in ids (CKV_AWS_45) form one class.
    return f"slsguard.{rule.id.split('-')[1].lower()}" if rule.id.startswith("SLS-") else "slsguard.checkov"


def render_junit(result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    """One test case per evaluated rule; each unsuppressed finding is a failure of its rule."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rules = _rules_in(result)
    suite = ElementTree.Element("testsuite", name="slsguard", tests=str(len(rules)), time=f"{seconds:.3f}")
    failures = 0
    for rule in rules:
        case = ElementTree.SubElement(suite, "testcase", classname=_junit_class(rule),
                                      name=f"{rule.id} {rule.title}")
        active = [f for f in by_rule.get(rule.id, []) if not f.suppressed and f.blocking]
        notes = [f for f in by_rule.get(rule.id, []) if f.suppressed or not f.blocking]
        if active:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", type=rule.severity,
                                             message=f"{len(active)} blocking finding(s)")
            failure.text = "\n".join(f"{f.address}: {f.message}" for f in active) + f"\nFix: {rule.remediation}"
        if notes:
            output = ElementTree.SubElement(case, "system-out")
            output.text = "\n".join(
                f"{'waived' if f.suppressed else 'non-blocking'}: {f.address}: {f.message}" for f in notes)
    suite.set("failures", str(failures))
    suites = ElementTree.Element("testsuites", name="slsguard check", tests=str(len(rules)),
                                 failures=str(failures), time=f"{seconds:.3f}")
    suites.append(suite)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


WRITERS: dict[str, Callable[..., str]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown, "github": render_github,
    "sarif": render_sarif, "junit": render_junit,
}


def render(name: str, result: Result, code: int, seconds: float, to_terminal: bool = False) -> str:
    return WRITERS[name](result, code, seconds, to_terminal)
