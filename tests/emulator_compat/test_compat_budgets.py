"""Emulator compatibility of Budgets (``slsguard.emulator.compat.budgets``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code, provider_root
from harness.terraform import applied

pytestmark = pytest.mark.emulator


BUDGET = {"BudgetName": "compat-budget", "BudgetType": "COST", "TimeUnit": "MONTHLY",
          "BudgetLimit": {"Amount": "100", "Unit": "USD"}}
FORECAST_80 = {"NotificationType": "FORECASTED", "ComparisonOperator": "GREATER_THAN",
               "Threshold": 80.0, "ThresholdType": "PERCENTAGE"}


def test_budgets_tags_follow_the_budget(aws):
    budgets = aws.client("budgets")
    budgets.create_budget(AccountId=aws.account_id, Budget=BUDGET,
                          ResourceTags=[{"Key": "team", "Value": "compat"}])
    arn = f"arn:aws:budgets::{aws.account_id}:budget/compat-budget"
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [{"Key": "team", "Value": "compat"}]

    budgets.tag_resource(ResourceARN=arn, ResourceTags=[{"Key": "env", "Value": "test"}])
    budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["team"])
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [{"Key": "env", "Value": "test"}]

    budgets.delete_budget(AccountId=aws.account_id, BudgetName="compat-budget")
    with pytest.raises(ClientError) as gone:
        budgets.list_tags_for_resource(ResourceARN=arn)
    assert error_code(gone) == "NotFoundException"


def test_budgets_describe_subscribers_for_notification(aws):
    budgets = aws.client("budgets")
    subscribers = [{"SubscriptionType": "EMAIL", "Address": "ops@example.com"}]
    budgets.create_budget(AccountId=aws.account_id, Budget={**BUDGET, "BudgetName": "compat-subs"},
                          NotificationsWithSubscribers=[{"Notification": FORECAST_80, "Subscribers": subscribers}])
    answer = budgets.describe_subscribers_for_notification(
        AccountId=aws.account_id, BudgetName="compat-subs", Notification=FORECAST_80)
    assert answer["Subscribers"] == subscribers

    with pytest.raises(ClientError) as other_threshold:
        budgets.describe_subscribers_for_notification(
            AccountId=aws.account_id, BudgetName="compat-subs", Notification={**FORECAST_80, "Threshold": 90.0})
    assert error_code(other_threshold) == "NotFoundException"
    with pytest.raises(ClientError) as no_budget:
        budgets.describe_subscribers_for_notification(
            AccountId=aws.account_id, BudgetName="compat-none", Notification=FORECAST_80)
    assert error_code(no_budget) == "NotFoundException"
    # The provider test of this module proves its destroy leaves no budget behind.
    budgets.delete_budget(AccountId=aws.account_id, BudgetName="compat-subs")


def test_budget_with_tags_and_notification_subscribers(tmp_path, toolchain, aws):
    root = provider_root(tmp_path, toolchain, aws, {
        "aws_budgets_budget": {"b": {
            "name": "compat-tf-budget", "budget_type": "COST", "limit_amount": "100", "limit_unit": "USD",
            "time_unit": "MONTHLY", "tags": {"team": "compat"},
            "notification": [{
                "comparison_operator": "GREATER_THAN", "threshold": 80, "threshold_type": "PERCENTAGE",
                "notification_type": "FORECASTED", "subscriber_email_addresses": ["ops@example.com"],
            }],
        }},
    }, {"arn": "${aws_budgets_budget.b.arn}"})
    with applied(root) as outputs:
        tags = aws.client("budgets").list_tags_for_resource(ResourceARN=outputs["arn"])["ResourceTags"]
        assert tags == [{"Key": "team", "Value": "compat"}]
    assert aws.client("budgets").describe_budgets(AccountId=aws.account_id).get("Budgets") in (None, [])
