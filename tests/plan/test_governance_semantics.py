"""Semantic proof of the governance modules: what the rendered boundary and SCPs allow and deny.

One plan renders modules/permissions-boundary and modules/service-control-policies with the
emulator's account; the documents are taken from the plan and every request of the tables below is
decided by tests/harness/policy_eval.py. The workload role gets an Allow-everything identity policy on
purpose: the boundary and the SCPs must hold even when someone over-grants the role.

`pytest -s` prints the tables; each module README carries its table between SEMANTICS markers,
and this test fails when a README and the decisions differ. Refresh them with
``SLSGUARD_UPDATE_READMES=1 .venv/bin/python -m pytest tests/plan/test_governance_semantics.py``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import pytest

from harness import REPO
from harness.inventory import planned_resources
from harness.policy_eval import Decision, Policy, Request, decide

pytestmark = pytest.mark.plan

REGION, OTHER_REGION = "eu-west-1", "us-east-1"
ACCOUNT = "123456789012"  # the emulator's account
PREFIX = "orders"
BOUNDARY_NAME = "orders-boundary"
WORKER = f"arn:aws:iam::{ACCOUNT}:role/orders-worker"
SCHEDULER = f"arn:aws:iam::{ACCOUNT}:role/orders-reconcile-scheduler"
STATE_MACHINE = f"arn:aws:iam::{ACCOUNT}:role/orders-reconcile-sfn"
DEPLOYER = f"arn:aws:iam::{ACCOUNT}:role/orders-deployer"
DEVELOPER = f"arn:aws:iam::{ACCOUNT}:role/developer"
BREAK_GLASS = f"arn:aws:iam::{ACCOUNT}:role/platform-break-glass"
BOUNDARY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/{BOUNDARY_NAME}"

ADMIN_IDENTITY = Policy("identity(Allow *)", {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
FULL_AWS_ACCESS = Policy("FullAWSAccess", {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def arn(service: str, resource: str, region: str = REGION) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


@dataclass(frozen=True)
class Row:
    description: str
    request: Request
    allowed: bool
    because: str  # a Sid (explicit deny) or a phrase of the implicit-deny reason


BOUNDARY_ROWS = [
    Row("worker puts an item into its table", Request(
        WORKER, "dynamodb:PutItem", arn("dynamodb", "table/orders-items"), REGION), True, "AllowTableDataPlane"),
    Row("worker puts an item into another workload's table", Request(
        WORKER, "dynamodb:PutItem", arn("dynamodb", "table/payments-ledger"), REGION), False, "does not allow"),
    Row("worker sends to its queue", Request(
        WORKER, "sqs:SendMessage", arn("sqs", "orders-jobs"), REGION), True, "AllowQueueDataPlane"),
    Row("worker decrypts with a key aliased alias/orders-data", Request(
        WORKER, "kms:Decrypt", arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab"), REGION,
        {"kms:ResourceAliases": ["alias/orders-data"]}), True, "AllowKeyUseThroughAliases"),
    Row("worker decrypts with another workload's key", Request(
        WORKER, "kms:Decrypt", arn("kms", "key/0000abcd-12ab-34cd-56ef-1234567890ab"), REGION,
        {"kms:ResourceAliases": ["alias/payments-data"]}), False, "does not allow"),
    Row("worker writes its function's logs", Request(
        WORKER, "logs:PutLogEvents", arn("logs", "log-group:/aws/lambda/orders-worker:log-stream:x"), REGION),
        True, "AllowFunctionLogs"),
    Row("worker puts a metric into its namespace", Request(
        WORKER, "cloudwatch:PutMetricData", "*", REGION, {"cloudwatch:namespace": "orders/app"}), True,
        "AllowMetricsInOwnNamespace"),
    Row("worker puts a metric into AWS/Lambda", Request(
        WORKER, "cloudwatch:PutMetricData", "*", REGION, {"cloudwatch:namespace": "AWS/Lambda"}), False, "does not allow"),
    Row("worker reads its secret", Request(
        WORKER, "secretsmanager:GetSecretValue", arn("secretsmanager", "secret:orders-db-AbCdEf"), REGION), True,
        "AllowSecretRead"),
    Row("worker reads another workload's secret", Request(
        WORKER, "secretsmanager:GetSecretValue", arn("secretsmanager", "secret:payments-db-AbCdEf"), REGION), False,
        "does not allow"),
    Row("worker reads its parameters by path", Request(
        WORKER, "ssm:GetParametersByPath", arn("ssm", "parameter/orders/config"), REGION), True, "AllowParameterRead"),
    Row("worker reads another workload's parameter", Request(
        WORKER, "ssm:GetParameter", arn("ssm", "parameter/payments/config/key"), REGION), False, "does not allow"),
    Row("worker reads its stream", Request(
        WORKER, "kinesis:GetRecords", arn("kinesis", "stream/orders-clicks"), REGION), True, "AllowStreamRead"),
    Row("worker puts an object under its bucket's prefix", Request(
        WORKER, "s3:PutObject", "arn:aws:s3:::orders-exports/daily/2026-11-30.csv", REGION), True, "AllowBucketDataPlane"),
    Row("worker reads another workload's bucket", Request(
        WORKER, "s3:GetObject", "arn:aws:s3:::payments-exports/daily/2026-11-30.csv", REGION), False, "does not allow"),
    Row("schedule starts its state machine", Request(
        SCHEDULER, "states:StartExecution", arn("states", "stateMachine:orders-reconcile"), REGION), True,
        "AllowStateMachineStart"),
    Row("schedule starts another workload's state machine", Request(
        SCHEDULER, "states:StartExecution", arn("states", "stateMachine:payments-settle"), REGION), False, "does not allow"),
    # Vended log delivery has no resource types: "*" is the only resource IAM accepts for it.
    Row("state machine sets up delivery to its log group", Request(
        STATE_MACHINE, "logs:CreateLogDelivery", "*", REGION), True, "AllowVendedLogDelivery"),
    Row("state machine reads another workload's log events", Request(
        STATE_MACHINE, "logs:GetLogEvents", arn("logs", "log-group:/aws/vendedlogs/states/payments-settle:log-stream:x"), REGION),
        False, "does not allow"),
    Row("worker creates a role without a boundary", Request(
        WORKER, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/orders-escalate"), False,
        "DenyPrincipalChangesWithoutThisBoundary"),
    Row("worker creates a role with this boundary", Request(
        WORKER, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/orders-helper", None,
        {"iam:PermissionsBoundary": BOUNDARY_ARN}), False, "does not allow"),
    Row("worker attaches a policy to a role without the boundary", Request(
        WORKER, "iam:AttachRolePolicy", f"arn:aws:iam::{ACCOUNT}:role/orders-worker", None,
        {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}), False, "DenyPrincipalChangesWithoutThisBoundary"),
    Row("worker deletes its own boundary", Request(
        WORKER, "iam:DeleteRolePermissionsBoundary", f"arn:aws:iam::{ACCOUNT}:role/orders-worker"), False,
        "DenyBoundaryRemoval"),
    Row("worker publishes a new version of the boundary", Request(
        WORKER, "iam:CreatePolicyVersion", BOUNDARY_ARN), False, "DenyBoundaryPolicyChanges"),
    Row("worker passes an admin role", Request(
        WORKER, "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/admin"), False, "DenyPassRoleOutsidePrefix"),
    Row("worker creates an access key", Request(
        WORKER, "iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/someone"), False, "DenyLongLivedCredentials"),
    Row("worker creates a user", Request(
        WORKER, "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/backdoor"), False, "DenyLongLivedCredentials"),
    Row(f"worker sends to a prefixed queue in {OTHER_REGION}", Request(
        WORKER, "sqs:SendMessage", arn("sqs", "orders-jobs", OTHER_REGION), OTHER_REGION), False,
        "DenyOutsideDeploymentRegion"),
]

SCP_ROWS = [
    Row("developer leaves the organization", Request(DEVELOPER, "organizations:LeaveOrganization"), False,
        "DenyLeaveOrganization"),
    Row("developer stops CloudTrail logging", Request(
        DEVELOPER, "cloudtrail:StopLogging", arn("cloudtrail", "trail/org"), REGION), False, "DenyCloudTrailTampering"),
    Row("break-glass role stops CloudTrail logging", Request(
        BREAK_GLASS, "cloudtrail:StopLogging", arn("cloudtrail", "trail/org"), REGION), True, "FullAWSAccess"),
    Row("developer stops the Config recorder", Request(
        DEVELOPER, "config:StopConfigurationRecorder", "*", REGION), False, "DenyConfigTampering"),
    Row("developer deletes the GuardDuty detector", Request(
        DEVELOPER, "guardduty:DeleteDetector", arn("guardduty", "detector/abc"), REGION), False, "DenyGuardDutyTampering"),
    Row(f"admin runs an instance in {REGION}", Request(
        DEVELOPER, "ec2:RunInstances", arn("ec2", "instance/*"), REGION), True, "FullAWSAccess"),
    Row(f"admin runs an instance in {OTHER_REGION}", Request(
        DEVELOPER, "ec2:RunInstances", arn("ec2", "instance/*", OTHER_REGION), OTHER_REGION), False,
        "DenyRegionsOutsideAllowList"),
    Row(f"admin lists roles through {OTHER_REGION} (IAM is global)", Request(
        DEVELOPER, "iam:ListRoles", "*", OTHER_REGION), True, "FullAWSAccess"),
    Row("developer creates a role with the approved boundary", Request(
        DEVELOPER, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/orders-api", None,
        {"iam:PermissionsBoundary": BOUNDARY_ARN}), True, "FullAWSAccess"),
    Row("developer creates a role without a boundary", Request(
        DEVELOPER, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/orders-api"), False, "DenyRoleWithoutApprovedBoundary"),
    Row("developer creates a role with another boundary", Request(
        DEVELOPER, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/orders-api", None,
        {"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/lenient"}), False, "DenyRoleWithoutApprovedBoundary"),
    Row("developer removes a role's boundary", Request(
        DEVELOPER, "iam:DeleteRolePermissionsBoundary", f"arn:aws:iam::{ACCOUNT}:role/orders-api"), False,
        "DenyBoundaryRemoval"),
    Row("developer removes a log group's KMS key", Request(
        DEVELOPER, "logs:DisassociateKmsKey", arn("logs", "log-group:/aws/lambda/orders-api"), REGION), False,
        "DenyLogGroupKeyRemoval"),
    Row("deployer role creates a function", Request(
        DEPLOYER, "lambda:CreateFunction", arn("lambda", "function:orders-api"), REGION), True, "FullAWSAccess"),
    Row("developer creates a function", Request(
        DEVELOPER, "lambda:CreateFunction", arn("lambda", "function:orders-api"), REGION), False,
        "DenyLambdaOutsideWorkloadRoles"),
    Row("developer raises a function's reserved concurrency", Request(
        DEVELOPER, "lambda:PutFunctionConcurrency", arn("lambda", "function:orders-api"), REGION), False,
        "DenyLambdaOutsideWorkloadRoles"),
]


@pytest.fixture(scope="module")
def rendered(aws, tmp_path_factory, toolchain) -> dict[str, Any]:
    from harness import terraform as tf_harness

    root = tf_harness.module_root(
        tmp_path_factory.mktemp("governance") / "root", toolchain, "permissions-boundary",
        {"name": BOUNDARY_NAME, "resource_prefix": PREFIX, "templates_dir": str(REPO / "policies" / "boundary")},
        env=aws.env,
        extra={"module": {"scp": {
            "source": str(REPO / "modules" / "service-control-policies"),
            "name": "guardrails",
            "catalogue_dir": str(REPO / "policies" / "scp"),
            "statement_ids": sorted(path.stem for path in (REPO / "policies" / "scp").glob("*.json")),
            "allowed_regions": [REGION, "eu-central-1"],
            "approved_boundary_arn": f"arn:aws:iam::*:policy/{BOUNDARY_NAME}",
            "workload_role_arn_patterns": ["arn:aws:iam::*:role/orders-deployer"],
            "exempt_principal_arn_patterns": ["arn:aws:iam::*:role/platform-break-glass"],
            "targets": {"root": "r-ab12"},
        }}},
    )
    resources = planned_resources(root.plan())
    boundary = Policy(BOUNDARY_NAME, json.loads(resources["module.this.aws_iam_policy.this"]["policy"]))
    scps = [Policy("guardrails-" + address.split('"')[1], json.loads(values["content"])) for address, values in sorted(resources.items())
            if address.startswith("module.scp.aws_organizations_policy.this[")]
    assert scps, "the SCP module planned no policy"
    return {"boundary": boundary, "scps": scps}


def _short(reason: str) -> str:
    return reason.replace("explicit deny by ", "explicit deny: ").replace("allowed by ", "allowed: ")


def table(rows: list[Row], decisions: list[Decision]) -> str:
    lines = ["| request | principal | region | decision | why |", "| --- | --- | --- | --- | --- |"]
    for row, decision in zip(rows, decisions):
        principal = row.request.principal_arn.rsplit("/", 1)[1]
        region = row.request.region or "(IAM)"
        verdict = "**allowed**" if decision.allowed else "denied"
        lines.append(f"| {row.description} (`{row.request.action}`) | {principal} | {region} | {verdict} | {_short(decision.reason)} |")
    return "\n".join(lines) + "\n"


def _check(rows: list[Row], decisions: list[Decision]) -> list[str]:
    return [f"{row.description}: expected {'allowed' if row.allowed else 'denied'} because of {row.because!r}, "
            f"got {decision}" for row, decision in zip(rows, decisions)
            if decision.allowed != row.allowed or row.because not in decision.reason]


def _readme_in_sync(module: str, text: str) -> None:
    readme = REPO / "modules" / module / "README.md"
    content = readme.read_text()
    pattern = re.compile(r"(<!-- BEGIN_SEMANTICS -->\n)(.*?)(<!-- END_SEMANTICS -->)", re.DOTALL)
    assert pattern.search(content), f"{readme} has no <!-- BEGIN_SEMANTICS --> ... <!-- END_SEMANTICS --> section"
    if os.environ.get("SLSGUARD_UPDATE_READMES") == "1":
        readme.write_text(pattern.sub(lambda m: m.group(1) + text + m.group(3), content))
        return
    assert pattern.search(content).group(2) == text, (
        f"{readme} shows other decisions than the evaluator: refresh it (see this file's docstring)")


def test_boundary_decisions(rendered):
    decisions = [decide(row.request, [ADMIN_IDENTITY], rendered["boundary"]) for row in BOUNDARY_ROWS]
    text = table(BOUNDARY_ROWS, decisions)
    print("\nWorkload role (identity policy: Allow *) capped by the boundary:\n" + text)
    assert not _check(BOUNDARY_ROWS, decisions), "\n".join(_check(BOUNDARY_ROWS, decisions))
    _readme_in_sync("permissions-boundary", text)


def test_scp_decisions(rendered):
    levels = [[FULL_AWS_ACCESS, *rendered["scps"]]]
    decisions = [decide(row.request, [ADMIN_IDENTITY], scp_levels=levels) for row in SCP_ROWS]
    text = table(SCP_ROWS, decisions)
    print("\nMember-account principals (identity policy: Allow *) under FullAWSAccess + the guardrail SCPs:\n" + text)
    assert not _check(SCP_ROWS, decisions), "\n".join(_check(SCP_ROWS, decisions))
    _readme_in_sync("service-control-policies", text)


def test_every_deny_statement_is_exercised(rendered):
    """A deny statement that no row runs into is unproven: each one must be the reason for a denial."""
    levels = [[FULL_AWS_ACCESS, *rendered["scps"]]]
    scp_reasons = " ".join(decide(row.request, [ADMIN_IDENTITY], scp_levels=levels).reason for row in SCP_ROWS)
    boundary_reasons = " ".join(decide(row.request, [ADMIN_IDENTITY], rendered["boundary"]).reason for row in BOUNDARY_ROWS)
    for policies, reasons in ((rendered["scps"], scp_reasons), ([rendered["boundary"]], boundary_reasons)):
        deny_sids = [s["Sid"] for policy in policies for s in policy.statements() if s["Effect"] == "Deny"]
        assert deny_sids and [sid for sid in deny_sids if f":{sid}" not in reasons] == []
