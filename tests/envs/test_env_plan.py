"""Plan inventory of the environments: what dev, staging and prod plan, read from the plan that
`make plan` makes (scripts/envctl.py against the emulator), compared with what their config.json
asks for. The emulator tier (tests/emulator/test_envs.py) gates, applies and reads back the same
roots; this tier pins the plan itself, so a part that silently drops out of a composition, or a
setting that no longer reaches its resource, fails here in a minute.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from harness import REPO
from harness.inventory import assert_inventory

sys.path.insert(0, str(REPO / "scripts"))

import envctl  # noqa: E402

pytestmark = pytest.mark.plan

ENVIRONMENTS = ("dev", "staging", "prod")
SERVICE = "module.service"


def reconciliation_inventory(env: str, config: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    """The nightly reconciliation as config.json describes it: schedule -> state machine ->
    reconciler, the schedule's failures queue, and the alarms of each part."""
    name = f"orders-{env}-reconcile"
    settings = config["reconciliation"]
    window = settings.get("flexible_window_minutes")
    reconciler = config["functions"]["reconciler"]
    return {
        "values": {
            f"{SERVICE}.module.reconciliation_schedule.aws_scheduler_schedule.this": {
                "name": name,
                "group_name": name,
                "schedule_expression": settings["schedule_expression"],
                "schedule_expression_timezone": settings["timezone"],
                "state": "ENABLED",
                "flexible_time_window": [{"mode": "FLEXIBLE", "maximum_window_in_minutes": window} if window
                                         else {"mode": "OFF", "maximum_window_in_minutes": None}],
                "target": [{
                    "arn": f"arn:aws:states:{region}:{account}:stateMachine:{name}",
                    "dead_letter_config": [{"arn": f"arn:aws:sqs:{region}:{account}:{name}-failures"}],
                    "input": '{"pages":0,"reannounced":0,"scanned":0}',
                    "retry_policy": [{"maximum_retry_attempts": 3, "maximum_event_age_in_seconds": 3600}],
                    # A state machine target takes none of the other targets' parameters.
                    **{kind: [] for kind in ("ecs_parameters", "eventbridge_parameters", "kinesis_parameters",
                                             "sagemaker_pipeline_parameters", "sqs_parameters")},
                }],
            },
            f"{SERVICE}.module.reconciliation_schedule.aws_scheduler_schedule_group.this[0]": {"name": name},
            f"{SERVICE}.module.reconciliation_schedule.aws_iam_role.this": {"name": f"{name}-scheduler"},
            f"{SERVICE}.module.reconciliation_workflow.aws_sfn_state_machine.this": {
                "name": name,
                "type": "STANDARD",
                "encryption_configuration": [{"type": "CUSTOMER_MANAGED_KMS_KEY", "kms_data_key_reuse_period_seconds": 300}],
                "tracing_configuration": [{"enabled": True}],
                "logging_configuration": [{"level": "ERROR", "include_execution_data": True}],
            },
            f"{SERVICE}.module.reconciliation_workflow.aws_cloudwatch_log_group.this": {
                "name": f"/aws/vendedlogs/states/{name}",
                "retention_in_days": config["log_retention_days"],
            },
            f"{SERVICE}.module.reconciliation_workflow.aws_iam_role.this": {"name": f"{name}-sfn"},
            f"{SERVICE}.module.reconciler_function.aws_lambda_function.this": {
                "function_name": f"orders-{env}-reconciler",
                "handler": "reconciler.handler",
                "memory_size": reconciler["memory_mb"],
                "timeout": reconciler["timeout_seconds"],
                "reserved_concurrent_executions": reconciler["reserved_concurrency"],
                "environment": [{"variables": {
                    "TABLE_NAME": f"orders-{env}-orders",
                    "EVENT_BUS_NAME": f"orders-{env}",
                    "LOOKBACK_HOURS": str(settings["lookback_hours"]),
                    "STALE_AFTER_MINUTES": str(settings["stale_after_minutes"]),
                    "PAGE_SIZE": str(settings["page_size"]),
                }}],
            },
            f"{SERVICE}.module.reconciliation_failures.aws_sqs_queue.this": {
                "name": f"{name}-failures",
                "message_retention_seconds": 1209600,
            },
            **{f"{SERVICE}.module.reconciliation_workflow.aws_cloudwatch_metric_alarm.this[\"{key}\"]": {
                "alarm_name": f"{name}-{key}", "namespace": "AWS/States"}
               for key in ("executions-failed", "executions-timed-out", "executions-throttled")},
            **{f"{SERVICE}.module.reconciliation_schedule.aws_cloudwatch_metric_alarm.this[\"{key}\"]": {
                "alarm_name": f"{name}-{key}", "namespace": "AWS/Scheduler", "dimensions": {"ScheduleGroup": name}}
               for key in ("target-errors", "dead-lettered", "dead-letter-failed")},
        },
        "counts": {
            "aws_scheduler_schedule": 1,
            "aws_scheduler_schedule_group": 1,
            "aws_sfn_state_machine": 1,
            # api, worker, notifier and reconciler
            "aws_lambda_function": 4,
            # work, notification failures and reconciliation failures, each with its dead-letter
            # queue, and the dead-letter queue of every e-mail subscription of the alerts topic
            "aws_sqs_queue": 6 + len(config["alarms"].get("email_subscribers", [])),
            # one per function, the state machine and the schedule
            "aws_iam_role": 6,
        },
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_environment_plan_inventory(env: str, aws, tmp_path: Path):
    config = envctl.load_config(envctl.config_path(env), env)
    workspace = envctl.Workspace(env, "emulator", tmp_path / "copy", aws.env,
                                 state_path=tmp_path / "state" / f"{env}.tfstate")
    workspace.prepare()
    workspace.init()
    plan = workspace.plan()
    assert_inventory(plan, reconciliation_inventory(env, config, aws.account_id, config["region"]),
                     REPO / "envs" / env / "config.json")
