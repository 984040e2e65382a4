"""Realistic synthetic plans for benchmarking the gate: `python bench/generate.py N OUT_DIR`.

Writes ``OUT_DIR/plan.json`` (``terraform show -json`` of a plan of about N resource changes), the
matching configuration root (the ``.tf`` files of ``bench/template`` plus a generated
``services.tf``), ``OUT_DIR/slsguard.json`` (gate configuration: the account concurrency limit a
stack this size needs) and ``OUT_DIR/expected-findings.json`` (the deliberate faults, as the
(rule, address) pairs the gate must report, and nothing else).

Why a template: a hand-written imitation of terraform's JSON drifts from the real thing (which
attributes are null, unknown, sensitive; the ``configuration`` references; ``relevant_attributes``;
``checks``). ``bench/template.plan.json`` is terraform's own plan of the template root with one
module instance per deliberate fault (``tmpl-<fault>``) and one compliant (``tmpl-clean``); the
generator clones those instances under new service names, exactly as terraform would have planned
them, so a 50k plan costs seconds instead of a 50k-resource terraform run. ``--refresh-template``
re-plans the template (offline, through the project toolchain) after the ``.tf`` files change;
``tests/bench`` checks that the committed plan is current.

Each service (``module.service["svc-00042"]``, with a nested ``module.queue``) has an API and a
worker function with roles, policies built with ``jsonencode`` and a data policy document from
references (unknown at plan time, recovered by the gate from the HCL), log groups, a work queue and
its DLQ, an event source mapping, a table, a bus with a rule and target, a customer key and alarms.
The root holds the boundary policy, the alerts topic and key, a cost budget and one faulty
operations policy. A fixed seed picks which services carry which fault.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template"
TEMPLATE_PLAN = HERE / "template.plan.json"
DEFAULT_SEED = 20261122
ACCOUNT, REGION = "123456789012", "eu-west-1"
SERVICE_MODULE = 'module.service["{}"]'
CLEAN = ""
# Deliberate fault (the value of the module's var.fault) -> (rule, address inside the service).
FAULTS = {
    "no-rotation": ("SLS-ENC-002", "aws_kms_key.this"),
    "no-pitr": ("SLS-DAT-005", "aws_dynamodb_table.orders"),
    "unbounded-concurrency": ("SLS-CON-001", 'aws_lambda_function.function["api"]'),
    "short-visibility": ("SLS-DAT-002", "module.queue.aws_sqs_queue.work"),
}
ROOT_FAULTS = [("SLS-IAM-001", "aws_iam_role_policy.ops")]
FAULTY_SHARE = 0.02
# Reserved concurrency per service (two functions at 5, see the template); the gate's default
# account limit (1000) fits ~90 services, so the generated config raises it as a real org would.
RESERVED_PER_SERVICE = 10
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
# The template is planned with these values of the per-service inputs, which the generator then
# replaces in each clone: with the same value for every service (the "alike" plan, one
# configuration repeated, as in a monorepo of identical services) or with a value of each
# service's own (the "distinct" plan: no two module instances alike, so nothing is gained only
# from repetition). Memory is a plain number in the plan; the sentinel occurs nowhere else.
TEMPLATE_MEMORY, TEMPLATE_OWNER = 1799, "owner-of-template"
ALIKE_MEMORY, ALIKE_OWNER = 512, "platform"
MEMORY_RANGE = (128, 10240)  # what Lambda accepts, in MB
TEAMS = 40
KINDS = ("alike", "distinct")


@dataclass(frozen=True)
class Service:
    fault: str
    memory: int = ALIKE_MEMORY
    owner: str = ALIKE_OWNER


def template_name(fault: str) -> str:
    return f"tmpl-{fault or 'clean'}"


def services_tf(services: dict[str, Service], ops_service: str) -> str:
    entries = "\n".join(f"    {json.dumps(name)} = {{ fault = {json.dumps(service.fault)}, memory = {service.memory}, "
                        f"owner = {json.dumps(service.owner)} }}" for name, service in services.items())
    return ("# Written by bench/generate.py: service name => deliberate fault (\"\" when compliant), memory, owner.\n"
            "locals {\n"
            f'  account     = "{ACCOUNT}"\n'
            f'  region      = "{REGION}"\n'
            f"  ops_service = {json.dumps(ops_service)}\n"
            f"  services = {{\n{entries}\n  }}\n"
            "}\n")


def write_root(out: Path, services: dict[str, Service], ops_service: str) -> None:
    """The configuration root: the template's .tf files, services.tf and the function archive."""
    out.mkdir(parents=True, exist_ok=True)
    for source in sorted(TEMPLATE.rglob("*.tf")):
        target = out / source.relative_to(TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    (out / "services.tf").write_text(services_tf(services, ops_service))
    (out / "modules" / "service" / "function.zip").write_bytes(EMPTY_ZIP)


class Template:
    """The template plan split into the root's parts and one JSON text per module instance."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        names = [template_name(fault) for fault in (CLEAN, *FAULTS)]
        prefixes = {name: SERVICE_MODULE.format(name) for name in names}

        def owner(address: str) -> str | None:
            return next((name for name, prefix in prefixes.items()
                         if address == prefix or address.startswith(prefix + ".")), None)

        self.root_changes = [c for c in plan["resource_changes"] if owner(c["address"]) is None]
        root_module = plan["planned_values"]["root_module"]
        self.root_planned = root_module.get("resources", [])
        self.root_relevant = [r for r in plan.get("relevant_attributes", []) if owner(r["resource"]) is None]
        checks = plan.get("checks", [])
        self.instance_checks = [check for check in checks if check["address"].get("module") == "module.service"]
        self.other_checks = [check for check in checks if check not in self.instance_checks]
        self.instances: dict[str, bytes] = {}
        for name in names:
            part = {
                "resource_changes": [c for c in plan["resource_changes"] if owner(c["address"]) == name],
                "planned_module": next(m for m in root_module.get("child_modules", []) if m["address"] == prefixes[name]),
                "relevant_attributes": [r for r in plan.get("relevant_attributes", []) if owner(r["resource"]) == name],
                "checks": [[i for i in check["instances"] if i["address"].get("module") == prefixes[name]]
                           for check in self.instance_checks],
            }
            if not part["resource_changes"]:
                raise SystemExit(f"{TEMPLATE_PLAN} has no instance {prefixes[name]}; run --refresh-template.")
            self.instances[name] = orjson.dumps(part)
        self.resources_per_service = len(orjson.loads(self.instances[template_name(CLEAN)])["resource_changes"])

    def instance(self, name: str, service: Service) -> dict[str, Any]:
        """The parts of one module instance, renamed (the template name occurs only in names and
        addresses) and given the service's memory and owner."""
        template = template_name(service.fault)
        text = (self.instances[template].replace(template.encode(), name.encode())
                .replace(b'"memory_size":%d' % TEMPLATE_MEMORY, b'"memory_size":%d' % service.memory)
                .replace(b'"%s"' % TEMPLATE_OWNER.encode(), orjson.dumps(service.owner)))
        return orjson.loads(text)


def load_template() -> Template:
    try:
        return Template(orjson.loads(TEMPLATE_PLAN.read_bytes()))
    except OSError as error:
        raise SystemExit(f"cannot read {TEMPLATE_PLAN} ({error.strerror}); run --refresh-template.") from error


def choose_services(count: int, rng: random.Random, kind: str = "alike") -> dict[str, Service]:
    """``count`` service names, a FAULTY_SHARE of them (at least one per fault kind) carrying a fault;
    in a "distinct" plan each with a memory size no other service has and a random owning team."""
    names = [f"svc-{index:05d}" for index in range(count)]
    kinds = list(FAULTS)
    faulty = sorted(rng.sample(range(count), min(count, max(len(kinds), round(count * FAULTY_SHARE)))))
    faults = dict.fromkeys(names, CLEAN)
    for position, index in enumerate(faulty):
        faults[names[index]] = kinds[position % len(kinds)]
    if kind == "alike":
        return {name: Service(fault) for name, fault in faults.items()}
    low, high = MEMORY_RANGE
    if count > high - low + 1:
        raise SystemExit(f"a distinct plan of {count} services needs more memory sizes than Lambda has.")
    memories = rng.sample(range(low, high + 1), count)
    return {name: Service(fault, memory, f"team-{rng.randrange(TEAMS):02d}")
            for (name, fault), memory in zip(faults.items(), memories)}


def build_plan(template: Template, services: dict[str, Service]) -> dict[str, Any]:
    plan = template.plan
    changes = list(template.root_changes)
    relevant = list(template.root_relevant)
    child_modules = []
    check_instances: list[list[Any]] = [[] for _ in template.instance_checks]
    for name, service in services.items():
        part = template.instance(name, service)
        changes += part["resource_changes"]
        relevant += part["relevant_attributes"]
        child_modules.append(part["planned_module"])
        for collected, instances in zip(check_instances, part["checks"]):
            collected += instances
    checks = [dict(check, instances=instances) for check, instances in zip(template.instance_checks, check_instances)]
    planned = dict(plan["planned_values"]["root_module"], resources=template.root_planned, child_modules=child_modules)
    return dict(plan, planned_values=dict(plan["planned_values"], root_module=planned), resource_changes=changes,
                relevant_attributes=relevant, checks=checks + template.other_checks)


def expected_findings(services: dict[str, Service]) -> list[dict[str, str]]:
    found = [{"rule": rule, "address": address} for rule, address in ROOT_FAULTS]
    for name, service in services.items():
        if service.fault:
            rule, address = FAULTS[service.fault]
            found.append({"rule": rule, "address": f"{SERVICE_MODULE.format(name)}.{address}"})
    return sorted(found, key=lambda finding: (finding["rule"], finding["address"]))


def generate(resources: int, out: Path, seed: int = DEFAULT_SEED, kind: str = "alike") -> Path:
    """Write the plan, root, config and expected findings for about ``resources`` changes; return the plan path."""
    if kind not in KINDS:
        raise SystemExit(f"unknown kind of plan {kind!r}; one of {', '.join(KINDS)}.")
    template = load_template()
    count = max(len(FAULTS), round((resources - len(template.root_changes)) / template.resources_per_service))
    services = choose_services(count, random.Random(seed), kind)
    ops_service = next(name for name, service in services.items() if not service.fault)
    write_root(out, services, ops_service)
    gate_config = {"account_concurrency_limit": 1000 + RESERVED_PER_SERVICE * count}
    (out / "slsguard.json").write_text(json.dumps(gate_config, indent=1) + "\n")
    (out / "expected-findings.json").write_text(json.dumps(expected_findings(services), indent=1) + "\n")
    path = out / "plan.json"
    path.write_bytes(orjson.dumps(build_plan(template, services)))
    return path


def plan_template() -> dict[str, Any]:
    """terraform's plan of the template root (one compliant instance and one per fault), normalised."""
    from slsguard import toolchain

    tools = toolchain.default()
    services = {template_name(fault): Service(fault, TEMPLATE_MEMORY, TEMPLATE_OWNER) for fault in (CLEAN, *FAULTS)}
    with tempfile.TemporaryDirectory(prefix="slsguard-bench-") as scratch:
        root = Path(scratch) / "root"
        write_root(root, services, template_name(CLEAN))
        tools.run(["init", "-input=false", "-no-color", "-backend=false"], cwd=root)
        tools.run(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.tfplan"], cwd=root)
        shown = tools.run(["show", "-json", "plan.tfplan"], cwd=root)
    plan = json.loads(shown.stdout)
    # Volatile parts: an unchanged template must give no diff. relevant_attributes is a set that
    # terraform prints in a different order on every run.
    plan.pop("timestamp", None)
    plan["relevant_attributes"] = sorted(plan.get("relevant_attributes", []),
                                         key=lambda item: (item["resource"], item["attribute"]))
    return plan


def refresh_template() -> None:
    TEMPLATE_PLAN.write_text(json.dumps(plan_template(), indent=1, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("resources", type=int, nargs="?", help="approximate number of resource changes")
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--kind", choices=KINDS, default="alike",
                        help="alike: every compliant service configured the same; distinct: no two alike")
    parser.add_argument("--refresh-template", action="store_true",
                        help=f"re-plan {TEMPLATE.name}/ with terraform and rewrite {TEMPLATE_PLAN.name}")
    args = parser.parse_args(argv)
    if args.refresh_template:
        refresh_template()
        print(f"rewrote {TEMPLATE_PLAN}")
        if args.resources is None:
            return 0
    if args.resources is None or args.out is None:
        parser.error("give N and OUT_DIR (or --refresh-template)")
    if args.resources < 1:
        parser.error("N must be at least 1")
    path = generate(args.resources, args.out, args.seed, args.kind)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
