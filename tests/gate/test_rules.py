"""Every rule fails its bad fixture (naming the resource named `bad`), passes its good fixture (the
near miss it must accept, on a resource named `good...`) and passes the compliant stack."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from functools import lru_cache

import pytest

from gate_support import (FIXTURES, STACK, addresses, bad_fixture_problem, fixture_config, judge,
                          load_fixture_plan)
from slsguard.gate import engine
from slsguard.gate.waivers import WAIVER_EXPIRED, Waiver

RULES = sorted(engine.rule_ids())
PLAN_LEVEL = engine.PLAN_ADDRESS


def variants(kind):
    """Every (rule, fixture directory) whose name starts with ``kind``: ``bad``, ``bad-module``..."""
    return sorted((rule, path.name) for rule in RULES for path in (FIXTURES / rule).glob(f"{kind}*")
                  if (path / "plan.json").is_file())


def test_every_rule_has_a_bad_fixture():
    missing = [rule for rule in RULES if not (FIXTURES / rule / "bad" / "plan.json").is_file()]
    assert missing == [], "every rule needs fixtures: see docs/adding-a-rule.md"


def test_rule_metadata_is_complete():
    for loaded in engine.discover():
        rule = loaded.rule
        assert re.fullmatch(r"SLS-[A-Z]{3}-\d{3}", rule.id)
        assert rule.title and rule.rationale and rule.remediation and rule.references, rule.id
        assert rule.id.lower().replace("-", "_") in loaded.module, (rule.id, loaded.module)


@pytest.mark.parametrize(("rule", "variant"), variants("bad"))
def test_bad_fixture_fails_with_exactly_the_expected_findings(rule, variant):
    root = FIXTURES / rule / variant
    code, result = judge(load_fixture_plan(root), root, fixture_config(root))
    problem = bad_fixture_problem(rule, root, code, result)
    assert problem is None, problem


def test_every_rule_has_a_good_fixture():
    missing = [rule for rule in RULES
               if not all((FIXTURES / rule / "good" / name).is_file() for name in ("main.tf", "plan.json"))]
    assert missing == []


# A resource, module or instance key named good*/bad (`aws_x.good`, `module.good.aws_x.y`, `aws_x.y["good"]`).
GOOD_NAME = re.compile(r'(^|\.|\[")good[a-z0-9_-]*(\[|\.|"\]|$)')
BAD_NAME = re.compile(r'(^|\.|\[")bad("\]|\[|\.|$)')


def _planned_types(plan, name_pattern):
    """Types of the resources the plan creates or changes whose address names a good/bad step."""
    return {change["type"] for change in plan["resource_changes"]
            if name_pattern.search(change["address"]) and change["change"]["actions"] != ["delete"]}


@lru_cache(maxsize=None)
def judged_types(rule):
    """Resource types the rule judges, learnt from its bad fixtures: the types of what it flags there
    (for a plan-level finding, of the resources named `bad`)."""
    types = set()
    for _, variant in (v for v in variants("bad") if v[0] == rule):
        root = FIXTURES / rule / variant
        plan = load_fixture_plan(root)
        _, result = judge(plan, root, fixture_config(root))
        flagged = addresses(result, rule)
        by_address = {change["address"]: change["type"] for change in plan["resource_changes"]}
        types |= {by_address[address] for address in flagged if address in by_address} or _planned_types(plan, BAD_NAME)
    return frozenset(types)


@pytest.mark.parametrize(("rule", "variant"), variants("good"))
def test_good_fixture_passes(rule, variant):
    root = FIXTURES / rule / variant
    plan = load_fixture_plan(root)
    _, result = judge(plan, root, fixture_config(root))
    assert [f.message for f in result.findings if f.rule == rule] == []
    # Not vacuous: the good fixture holds a resource of a type the rule flags in its bad fixtures...
    assert _planned_types(plan, GOOD_NAME) & judged_types(rule), (
        f"{rule}: no resource named good* of type {sorted(judged_types(rule))} in {variant}")
    # ...and every policy in it was read (a policy that cannot be read is skipped by the IAM rules).
    assert {a for a in addresses(result, "SLS-UNK-001") if GOOD_NAME.search(a)} == set()


def test_waived_replacement_of_stateful_resources_passes():
    """The other way past SLS-DAT-008: the bad fixture's deletions, waived, block nothing."""
    root = FIXTURES / "SLS-DAT-008" / "bad"
    waiver = Waiver("SLS-DAT-008", "*.bad", "team-orders", "table moved to another stack", "OPS-7",
                    dt.date.today() + dt.timedelta(days=30))
    _, result = judge(load_fixture_plan(root), root, waivers=[waiver])
    waived = [f for f in result.findings if f.rule == "SLS-DAT-008"]
    assert {f.address for f in waived} == {"aws_dynamodb_table.bad", "aws_sqs_queue.bad"}
    assert all(f.suppressed and not f.blocking for f in waived)
    assert waiver.used and not addresses(result, WAIVER_EXPIRED.id)


@pytest.mark.parametrize("rule", RULES)
def test_compliant_stack_passes(rule):
    code, result = judge(load_fixture_plan(STACK), STACK)
    assert addresses(result, rule) == set()


def test_compliant_stack_exits_zero_with_every_rule_evaluated():
    code, result = judge(load_fixture_plan(STACK), STACK)
    assert [f.as_json() for f in result.findings] == []
    assert code == 0
    assert {rule.id for rule in result.evaluated} == set(RULES)


def test_nested_module_address_and_location():
    root = FIXTURES / "SLS-IAM-001" / "bad"
    _, result = judge(load_fixture_plan(root), root)
    finding = next(f for f in result.findings if f.rule == "SLS-IAM-001")
    assert finding.address == "module.svc.module.inner.aws_iam_role_policy.bad"
    assert finding.file == "tests/gate/fixtures/SLS-IAM-001/bad/modules/svc/inner/main.tf" and finding.line == 4
    assert "dynamodb:*" in finding.message


def test_jsonencode_policy_is_judged_from_hcl_when_unknown_in_plan():
    """The plan only knows the policy's references; the gate reads the literal from main.tf."""
    plan = load_fixture_plan(STACK)
    change = next(c for c in plan["resource_changes"] if c["address"] == "aws_iam_role_policy.api")
    assert change["change"]["after_unknown"].get("policy") is True
    _, result = judge(plan, STACK)
    assert not addresses(result, "SLS-UNK-001")
    _, without_source = judge(plan, FIXTURES / "SLS-ENC-002")  # a directory without the stack's .tf
    assert "aws_iam_role_policy.api" in addresses(without_source, "SLS-UNK-001")


def test_iam_policy_document_statements_come_from_configuration():
    root = FIXTURES / "SLS-IAM-003" / "bad"
    _, result = judge(load_fixture_plan(root), root)
    messages = [f.message for f in result.findings if f.rule == "SLS-IAM-003"]
    assert messages == ["policy allows sqs:SendMessage on Resource '*'."]


def test_committed_catalogue_is_current():
    from slsguard.check import catalogue

    committed = (FIXTURES.parents[2] / "policies" / "gate-rules.md").read_text()
    assert committed == catalogue(), "run: .venv/bin/slsguard check --list-rules > policies/gate-rules.md"


LOCALS_AND_TEMPLATES = FIXTURES / "SLS-UNK-001" / "good"


@pytest.mark.parametrize(("file", "written", "edited", "rule", "address"), [
    # What the locals and the template say is judged, not just accepted...
    ("main.tf", '"sqs:SendMessage", "sqs:GetQueueAttributes"', '"sqs:*"',
     "SLS-IAM-001", "aws_iam_role_policy.good_locals"),
    ("table-policy.json.tpl", '"Resource": ["${table_arn}", "${table_arn}/index/*"]', '"Resource": "*"',
     "SLS-IAM-003", "aws_iam_role_policy.good_template"),
    ("table-policy.json.tpl", '"Action": ["dynamodb:GetItem", "dynamodb:PutItem"]',
     '"Action": [%{ for a in ["GetItem", "*"] ~}"dynamodb:${a}", %{ endfor ~}"dynamodb:PutItem"]',
     "SLS-IAM-001", "aws_iam_role_policy.good_template"),
    # ...and what cannot be read from them fails closed.
    ("main.tf", "Action = local.send_actions", "Action = local.undefined",
     "SLS-UNK-001", "aws_iam_role_policy.good_locals"),
    ("main.tf", "send_actions   = [", "send_actions   = [for a in var.x : a] # [",
     "SLS-UNK-001", "aws_iam_role_policy.good_locals"),
    ("table-policy.json.tpl", '"dynamodb:PutItem"', '"${action}"', "SLS-UNK-001", "aws_iam_role_policy.good_template"),
    ("table-policy.json.tpl", '"Version": "2012-10-17",', '%{ if true }"Version": "2012-10-17",',
     "SLS-UNK-001", "aws_iam_role_policy.good_template"),
    # A directive choosing on a value known only at apply may choose "*": cannot be judged.
    ("table-policy.json.tpl", '"${table_arn}/index/*"', '"%{ if table_arn == "x" }*%{ else }${table_arn}%{ endif }"',
     "SLS-UNK-001", "aws_iam_role_policy.good_template"),
])
def test_policies_from_locals_and_templates_are_read_from_the_source(tmp_path, file, written, edited, rule, address):
    """The committed plan knows none of these policies; the gate reads them from the (edited) source."""
    root = tmp_path / "root"
    shutil.copytree(LOCALS_AND_TEMPLATES, root, ignore=shutil.ignore_patterns("plan.json"))
    source = root / file
    assert written in source.read_text()
    source.write_text(source.read_text().replace(written, edited))
    _, result = judge(load_fixture_plan(LOCALS_AND_TEMPLATES), root)
    assert address in addresses(result, rule)



def test_finding_in_a_fetched_module_points_at_the_callers_module_block(tmp_path):
    """A module terraform fetched lives under .terraform/modules: the line a team can change is the
    `module` block of its own root, named beside the module's file."""
    fixture = FIXTURES / "SLS-IAM-001" / "bad"
    root = tmp_path / "service"
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("modules", "plan.json", "expected.yaml"))
    fetched = root / ".terraform" / "modules" / "svc"
    shutil.copytree(fixture / "modules" / "svc", fetched)
    (root / ".terraform" / "modules" / "modules.json").write_text(json.dumps({"Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {"Key": "svc", "Source": "git::https://example.com/platform.git//svc", "Dir": ".terraform/modules/svc"},
        {"Key": "svc.inner", "Source": "./inner", "Dir": ".terraform/modules/svc/inner"},
    ]}))
    _, result = judge(load_fixture_plan(fixture), root)
    finding = next(f for f in result.findings if f.rule == "SLS-IAM-001")
    assert (finding.file, finding.line) == (".terraform/modules/svc/inner/main.tf", 4)
    assert finding.caller == ("main.tf", 1)
    assert finding.as_json()["caller_file"] == "main.tf"
