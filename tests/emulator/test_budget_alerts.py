"""Emulator tier of modules/budget-alerts: budget, notifications, subscribers, encrypted topic.

Anomaly detection and the budget action stay off in the example: moto has neither the Cost
Explorer anomaly APIs nor Budgets actions; the plan tier covers them.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "budget-alerts" / "examples" / "complete"
BUDGET = "orders-prod-monthly"


def test_complete_example(aws, example_root):
    budgets, sns, kms = aws.client("budgets"), aws.client("sns"), aws.client("kms")
    root = example_root(EXAMPLE, env=aws.env)

    with applied(root) as outputs:
        module = outputs["budget"]
        budget = budgets.describe_budget(AccountId=aws.account_id, BudgetName=BUDGET)["Budget"]
        assert budget["BudgetType"] == "COST" and budget["TimeUnit"] == "MONTHLY"
        assert float(budget["BudgetLimit"]["Amount"]) == 500 and budget["BudgetLimit"]["Unit"] == "USD"

        notifications = budgets.describe_notifications_for_budget(AccountId=aws.account_id, BudgetName=BUDGET)["Notifications"]
        assert sorted((n["NotificationType"], n["Threshold"]) for n in notifications) == [
            ("ACTUAL", 80.0), ("ACTUAL", 100.0), ("FORECASTED", 100.0)]
        for notification in notifications:
            subscribers = budgets.describe_subscribers_for_notification(
                AccountId=aws.account_id, BudgetName=BUDGET, Notification=notification)["Subscribers"]
            assert sorted((s["SubscriptionType"], s["Address"]) for s in subscribers) == [
                ("EMAIL", "finops@example.com"), ("SNS", module["topic_arn"])]

        attributes = sns.get_topic_attributes(TopicArn=module["topic_arn"])["Attributes"]
        assert attributes["KmsMasterKeyId"] == module["kms_key_arn"]
        policy = json.loads(attributes["Policy"])
        assert [s["Principal"] for s in policy["Statement"]] == [{"Service": "budgets.amazonaws.com"}]
        assert policy["Statement"][0]["Condition"]["StringEquals"] == {"aws:SourceAccount": aws.account_id}

        key = kms.describe_key(KeyId=module["kms_key_arn"])["KeyMetadata"]
        assert key["KeyManager"] == "CUSTOMER" and key["KeyState"] == "Enabled"
        assert kms.get_key_rotation_status(KeyId=module["kms_key_arn"])["KeyRotationEnabled"]
        assert module["anomaly_monitor_arn"] is None and module["budget_action_id"] is None

    assert not [b for b in budgets.describe_budgets(AccountId=aws.account_id).get("Budgets", []) if b["BudgetName"] == BUDGET]
    assert module["topic_arn"] not in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
