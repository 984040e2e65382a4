"""Emulator tier of modules/event-bus: apply examples/complete to moto, re-plan, prove, destroy.

The example's function zip is built here with slsguard.packaging (no archive provider) and passed
in as a variable. The proofs are configuration read back with boto3: bus encryption and policy,
archive, rules, every target's dead-letter queue and retry policy, the Lambda permissions' source
ARNs, the role of the bus target, the queue/topic statements the example applied, and alarms.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "event-bus" / "examples" / "complete"
NAME = "slsguard-orders-events"  # the example's default name prefix
RETRIES = {  # rule/target -> the example's retry policy
    "placed/handler": (3, 3600), "placed/work": (10, 7200), "placed/notify": (2, 600),
    "placed/audit": (5, 3600), "nightly/handler": (1, 900),
}


def _document(policy: str | dict) -> dict:
    return json.loads(policy) if isinstance(policy, str) else policy


def test_complete_example(aws, example_root):
    events, lam, iam, sqs, sns, cloudwatch = (aws.client(s) for s in ("events", "lambda", "iam", "sqs", "sns", "cloudwatch"))
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)
    tf_vars = {"zip_path": str(zip_path)}

    with applied(root, tf_vars) as outputs:
        bus = outputs["bus"]
        described = events.describe_event_bus(Name=NAME)
        assert described["Arn"] == bus["bus_arn"]
        assert described.get("KmsKeyIdentifier") == outputs["kms_key_arn"], (
            f"bus not KMS-encrypted as planned: {described}")
        statement, = _document(described["Policy"])["Statement"]
        assert statement["Sid"] == "PublishFromThisAccount" and statement["Action"] == "events:PutEvents"
        assert statement["Principal"] == {"AWS": f"arn:aws:iam::{aws.account_id}:root"}
        assert statement["Resource"] == bus["bus_arn"]

        archive = events.describe_archive(ArchiveName=NAME)
        assert archive["EventSourceArn"] == bus["bus_arn"] and archive["RetentionDays"] == 7

        placed = events.describe_rule(Name=f"{NAME}-placed", EventBusName=NAME)
        assert json.loads(placed["EventPattern"]) == {"source": ["orders"], "detail-type": ["OrderPlaced"]}
        assert placed["Arn"] == bus["rule_arns"]["placed"] == f"arn:aws:events:{aws.region}:{aws.account_id}:rule/{NAME}/{NAME}-placed"
        nightly = events.describe_rule(Name=f"{NAME}-nightly")  # scheduled rules live on the default bus
        assert nightly["ScheduleExpression"] == "cron(0 2 * * ? *)" and nightly["Arn"] == bus["rule_arns"]["nightly"]

        targets = {f"placed/{t['Id']}": t for t in events.list_targets_by_rule(Rule=f"{NAME}-placed", EventBusName=NAME)["Targets"]}
        targets |= {f"nightly/{t['Id']}": t for t in events.list_targets_by_rule(Rule=f"{NAME}-nightly")["Targets"]}
        assert set(targets) == set(RETRIES), "target names are per rule: 'handler' appears under both rules"
        for key, (attempts, age) in RETRIES.items():
            assert targets[key]["DeadLetterConfig"] == {"Arn": outputs["dead_letter_queue_arn"]}, key
            assert targets[key]["RetryPolicy"] == {"MaximumRetryAttempts": attempts, "MaximumEventAgeInSeconds": age}, key
        assert targets["placed/notify"]["InputTransformer"] == {
            "InputPathsMap": {"order": "$.detail.orderId"}, "InputTemplate": '"Order <order> was placed."'}
        assert targets["placed/audit"]["Arn"] == outputs["audit_bus_arn"]
        assert targets["placed/audit"]["RoleArn"] == bus["target_role_arn"]
        assert "RoleArn" not in targets["placed/handler"]

        # Only the rules that use the role may assume it, and it may only put on the audit bus.
        role_name = bus["target_role_arn"].rsplit("/", 1)[1]
        trust = _document(iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"])["Statement"][0]
        assert trust["Condition"]["ArnEquals"]["aws:SourceArn"] in (placed["Arn"], [placed["Arn"]])
        grant = _document(iam.get_role_policy(RoleName=role_name, PolicyName="deliver-to-targets")["PolicyDocument"])
        assert grant["Statement"] == [{"Sid": "PutEventsOnBuses", "Effect": "Allow", "Action": "events:PutEvents",
                                       "Resource": [outputs["audit_bus_arn"]]}]

        # One invoke permission per Lambda target, each scoped to its own rule.
        permissions = {s["Sid"]: s for s in _document(lam.get_policy(FunctionName=outputs["function_name"])["Policy"])["Statement"]}
        assert set(permissions) == {f"{NAME}-placed-handler", f"{NAME}-nightly-handler"}
        for rule, arn in (("placed", placed["Arn"]), ("nightly", nightly["Arn"])):
            permission = permissions[f"{NAME}-{rule}-handler"]
            assert permission["Principal"] == {"Service": "events.amazonaws.com"}
            assert permission["Condition"]["ArnLike"]["AWS:SourceArn"] == arn

        # The example applied the module's statements: the DLQ accepts both rules, the work queue
        # and the topic accept only the rule that targets them.
        dlq_policy = _document(sqs.get_queue_attributes(QueueUrl=outputs["dead_letter_queue_url"],
                                                        AttributeNames=["Policy"])["Attributes"]["Policy"])
        assert dlq_policy["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"] == sorted([placed["Arn"], nightly["Arn"]])
        work_policy = _document(sqs.get_queue_attributes(QueueUrl=outputs["work_queue_url"],
                                                         AttributeNames=["Policy"])["Attributes"]["Policy"])
        assert work_policy["Statement"][0]["Action"] == "sqs:SendMessage"
        assert work_policy["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"] == [placed["Arn"]]
        topic_policy = _document(sns.get_topic_attributes(TopicArn=outputs["notifications_topic_arn"])["Attributes"]["Policy"])
        publish = next(s for s in topic_policy["Statement"] if s["Principal"] == {"Service": "events.amazonaws.com"})
        assert publish["Action"] == "sns:Publish" and publish["Condition"]["ArnEquals"]["aws:SourceArn"] == [placed["Arn"]]

        every_alarm = cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]
        # The handler's own alarms (lambda-function module) and the dead-letter queue's share the prefix.
        assert {a["AlarmName"] for a in every_alarm if a.get("Namespace") != "AWS/Events"} == {
            f"{NAME}-dead-letters-visible",
            *(f"{NAME}-handler-{kind}" for kind in ("errors", "throttles", "duration-p99", "concurrent-executions"))}
        alarms = {a["AlarmName"]: a for a in every_alarm if a.get("Namespace") == "AWS/Events"}
        assert set(alarms) == {f"{NAME}-{rule}-{metric}" for rule in ("placed", "nightly")
                               for metric in ("failed-invocations", "sent-to-dlq")}
        assert {d["Name"]: d["Value"] for d in alarms[f"{NAME}-placed-sent-to-dlq"]["Dimensions"]} == {
            "EventBusName": NAME, "RuleName": f"{NAME}-placed"}
        assert alarms[f"{NAME}-nightly-failed-invocations"]["Dimensions"] == [{"Name": "RuleName", "Value": f"{NAME}-nightly"}]
        assert all(a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())

    assert not [b for b in events.list_event_buses()["EventBuses"] if b["Name"].startswith(NAME)], "buses left behind"
    assert not events.list_archives(NamePrefix=NAME)["Archives"], "archive left behind"
    assert not events.list_rules(NamePrefix=NAME)["Rules"], "rules left behind on the default bus"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind"
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith(NAME)], "roles left behind"
