"""How the gate hands a plan to Checkov (slsguard.gate.checkov_shards, checkov_warm): reduced to the
types the selected checks read, one module instance per distinct shape, whole instances per shard;
and with the real Checkov, the sharded scan reports exactly what one scan of the whole file does."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slsguard.gate import checkov, checkov_shards, checkov_warm

REPO = Path(__file__).resolve().parents[2]
CONFIG = ["--framework", "terraform_plan", "--config-file", "policies/checkov/config.yaml", "-o", "json",
          "--quiet", "--compact"]


def resource(module: str, kind: str, name: str, values: dict) -> dict:
    prefix = f"{module}." if module else ""
    return {"address": f"{prefix}{kind}.{name}", "mode": "managed", "type": kind, "name": name, "values": values,
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "sensitive_values": {}}


def change(res: dict, before: dict | None = None) -> dict:
    return {"address": res["address"], "mode": "managed", "type": res["type"], "name": res["name"],
            "change": {"actions": ["create"] if before is None else ["update"], "before": before,
                       "after": res["values"], "before_sensitive": False, "after_sensitive": {},
                       "after_unknown": {"arn": True, "tags": {}, "layers": [], "config": [{"mode": True}],
                                         "empty": [{}], "known": False}},
            "provider_name": "registry.terraform.io/hashicorp/aws"}


def service(key: str, memory: int = 512) -> tuple[dict, list[dict]]:
    module = f'module.svc["{key}"]'
    resources = [resource(module, "aws_lambda_function", "api", {"function_name": f"{key}-api", "memory_size": memory}),
                 resource(module, "aws_cloudwatch_event_bus", "bus", {"name": key})]
    nested = resource(f"{module}.module.queue", "aws_sqs_queue", "work", {"name": f"{key}-work"})
    planned = {"address": module, "resources": resources,
               "child_modules": [{"address": f"{module}.module.queue", "resources": [nested]}]}
    return planned, [change(r) for r in [*resources, nested]]


def plan_of(*services: tuple[dict, list[dict]]) -> dict:
    root = resource("", "aws_iam_role", "ops", {"name": "ops", "permissions_boundary": None})
    return {"format_version": "1.2", "terraform_version": "1.9.8", "configuration": {"root_module": {}},
            "planned_values": {"root_module": {"resources": [root], "child_modules": [s[0] for s in services]}},
            "resource_changes": [change(root, before={"name": "ops", "permissions_boundary": "arn:old"}),
                                 *[c for s in services for c in s[1]]],
            "prior_state": {"values": "never read by Checkov"}}


TYPES = {"aws_lambda_function", "aws_sqs_queue", "aws_iam_role"}


def test_types_no_check_reads_are_dropped_and_changes_keep_what_checkov_reads():
    found = checkov_shards.units(plan_of(service("alpha"), service("bravo", memory=1024)), TYPES)
    addresses = {c["address"] for unit in found for c in unit.changes}
    assert not [a for a in addresses if "event_bus" in a]
    assert 'module.svc["alpha"].module.queue.aws_sqs_queue.work' in addresses  # nested modules stay with their instance
    root = next(unit for unit in found if unit.instance is None)
    # Checkov lists the keys whose value changes: only those are kept of before and after; of
    # after_unknown it acts on a true value and on a one-block list that names keys
    assert root.changes[0] == {"address": "aws_iam_role.ops", "change": {
        "actions": ["update"], "after_unknown": {"arn": True, "config": [{"mode": True}]},
        "before": {"permissions_boundary": "arn:old"}, "after": {"permissions_boundary": None}}}
    assert root.resources == [{"address": "aws_iam_role.ops", "mode": "managed", "type": "aws_iam_role",
                               "name": "ops", "values": {"name": "ops", "permissions_boundary": None}}]
    (plan,) = checkov_shards.shard_plans(plan_of(service("alpha")), found)
    assert set(plan) == {"format_version", "terraform_version", "configuration", "planned_values", "resource_changes"}


def test_instances_alike_but_for_their_key_are_judged_once():
    found = checkov_shards.units(plan_of(service("alpha"), service("bravo"), service("charlie", memory=1024)), TYPES)
    instances = {unit.instance: unit.members for unit in found}
    assert instances == {None: [], 'module.svc["alpha"]': ['module.svc["bravo"]'], 'module.svc["charlie"]': []}
    failed = {"check_id": "CKV_SLS_9", "resource_address": 'module.svc["alpha"].aws_lambda_function.api',
              "resource": 'module.svc["alpha"].aws_lambda_function.api', "details": ["alpha-api is not traced"]}
    other = dict(failed, resource_address="aws_iam_role.ops", resource="aws_iam_role.ops", details=[])
    expanded = checkov_shards.expand([failed, other], found)
    assert expanded[:2] == [failed, other]
    assert expanded[2:] == [dict(failed, resource_address='module.svc["bravo"].aws_lambda_function.api',
                                 resource='module.svc["bravo"].aws_lambda_function.api',
                                 details=["bravo-api is not traced"])]


@pytest.mark.parametrize("keys", [("a", "b"), ("0", "1")])
def test_a_key_too_plain_to_rename_safely_is_judged_on_its_own(keys):
    """Replacing "a" would also rewrite "aws_..." and "arn": not a renaming, so no shape is shared."""
    found = checkov_shards.units(plan_of(*(service(key) for key in keys)), TYPES)
    assert all(not unit.members for unit in found) and len(found) == 3


def test_shards_hold_whole_instances_and_stay_near_the_size_asked():
    services = [service(f"svc-{n:03d}", memory=128 + n) for n in range(10)]
    plan = plan_of(*services)
    found = checkov_shards.units(plan, TYPES)
    plans = checkov_shards.shard_plans(plan, found, shard_resources=6)
    assert len(plans) == 4  # ten instances of 2 kept resources and the root's 1, by 6: 2+2+2 three times, 2+1
    seen = []
    for shard in plans:
        modules = shard["planned_values"]["root_module"]["child_modules"]
        changes = {c["address"] for c in shard["resource_changes"]}
        for module in modules:  # an instance's changes travel with its planned values
            assert {a for a in changes if a.startswith(module["address"] + ".")} == {
                module["address"] + ".aws_lambda_function.api", module["address"] + ".module.queue.aws_sqs_queue.work"}
        seen += [m["address"] for m in modules]
        assert sum(checkov_shards._count(m) for m in modules) + len(shard["planned_values"]["root_module"]["resources"]) <= 6
    assert sorted(seen) == sorted(s[0]["address"] for s in services)


def test_the_plan_given_is_not_changed():
    plan = plan_of(service("alpha"), service("bravo"))
    before = copy.deepcopy(plan)
    checkov_shards.shard_plans(plan, checkov_shards.units(plan, TYPES))
    assert plan == before


def checked_types(arguments: list[str]) -> list[str] | None:
    """In a process of its own: loading our checks into Checkov's registries would outlive the test.
    The configuration names its checks folder relative to the repository root, where Checkov runs."""
    code = ("import json, sys; from slsguard.gate.checkov_warm import checked_types; "
            "found = checked_types(sys.argv[1:]); print(json.dumps(sorted(found) if found is not None else None))")
    done = subprocess.run([sys.executable, "-c", code, *arguments], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.checkov
def test_checked_types_come_from_the_curated_checks():
    types = set(checked_types(CONFIG))
    # CKV_SLS_6 reads the queue's connection to a mapping; CKV_AWS_358 reads a data source
    assert {"aws_sqs_queue", "aws_lambda_event_source_mapping", "aws_iam_policy_document", "aws_iam_role"} <= types
    assert "aws_cloudwatch_event_bus" not in types
    assert checked_types([*CONFIG, "--skip-check", "CKV_AWS_45"]) is None  # not known for sure


@pytest.mark.checkov
@pytest.mark.long
def test_sharded_scan_reports_what_one_scan_of_the_whole_file_does(tmp_path):
    """Real Checkov on a bench plan whose ~50 services all differ (three shards, two at a time) and on
    one whose services are alike (one shard of five shapes): the same failed records as one scan."""
    sys.path.insert(0, str(REPO / "bench"))
    import generate

    for kind in ("distinct", "alike"):
        plan = generate.generate(1100, tmp_path / kind, kind=kind)
        records = {}
        for sharding in ("on", "off"):
            environment = {**os.environ, **checkov.CHECKOV_ENVIRONMENT, checkov_warm.SHARDS_ENV: sharding}
            done = subprocess.run([sys.executable, "-m", "slsguard.gate.checkov_warm", *CONFIG], cwd=REPO,
                                  input=f"{plan}\n", capture_output=True, text=True, env=environment, timeout=600)
            assert done.returncode == 1, done.stderr[-2000:]
            records[sharding] = sorted((r["check_id"], r["resource_address"], tuple(r.get("details") or []))
                                       for r in checkov.failed_records(done.stdout.encode()))
        assert records["on"] and records["on"] == records["off"], kind


def test_a_broken_plan_file_is_scanned_as_it_is(tmp_path, monkeypatch):
    """Checkov reads it and reports the parsing error, as it would without sharding."""
    broken = tmp_path / "plan.json"
    broken.write_text("{ not json")
    monkeypatch.setattr(sys, "argv", list(sys.argv))  # the run sets it as Checkov's parts read it
    calls = []
    code = checkov_warm._sharded(lambda argv: calls.append(argv) or type("R", (), {"run": lambda self: 2})(),
                                 CONFIG, broken)
    assert code == 2 and calls == [[*CONFIG, "-f", str(broken)]]
