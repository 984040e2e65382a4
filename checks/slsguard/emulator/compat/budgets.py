"""Budgets: tags and the subscribers of a notification."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import add_actions, json_error, patch, state


def _budget_arn(account_id: str, budget_name: str) -> str:
    return f"arn:aws:budgets::{account_id}:budget/{budget_name}"


@patch
def budgets_tags() -> None:
    """Budgets ``ListTagsForResource``, ``TagResource``, ``UntagResource``.

    moto drops the ``ResourceTags`` of ``CreateBudget`` and has no tagging actions, so
    ``aws_budgets_budget`` failed when reading its tags. Tags are kept per budget ARN
    (``arn:aws:budgets::ACCOUNT:budget/NAME``), set from ``CreateBudget`` and dropped with the
    budget; an ARN that names no budget answers ``NotFoundException``.
    """
    from moto.budgets.responses import BudgetsResponse

    def tags(response: BudgetsResponse) -> dict[str, dict[str, str]]:
        return state(response.backend, "tags")

    def known_arn(response: BudgetsResponse, arn: str) -> str:
        prefix, _, name = arn.partition(":budget/")
        account_id = prefix.rsplit(":", 1)[-1]
        if not name or name not in response.backend.budgets.get(account_id, {}):
            raise json_error("NotFoundException", f"Unable to find resource {arn}.")
        return arn

    original_create = BudgetsResponse.create_budget

    def create_budget(self: BudgetsResponse) -> str:
        answer = original_create(self)
        requested = self._get_param("ResourceTags") or []
        if requested:
            arn = _budget_arn(self._get_param("AccountId"), self._get_param("Budget")["BudgetName"])
            tags(self)[arn] = {tag["Key"]: tag.get("Value", "") for tag in requested}
        return answer

    original_delete = BudgetsResponse.delete_budget

    def delete_budget(self: BudgetsResponse) -> str:
        answer = original_delete(self)
        tags(self).pop(_budget_arn(self._get_param("AccountId"), self._get_param("BudgetName")), None)
        return answer

    def list_tags_for_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        found = tags(self).get(arn, {})
        return json.dumps({"ResourceTags": [{"Key": key, "Value": value} for key, value in found.items()]})

    def tag_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        requested = self._get_param("ResourceTags") or []
        tags(self).setdefault(arn, {}).update({tag["Key"]: tag.get("Value", "") for tag in requested})
        return "{}"

    def untag_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        for key in self._get_param("ResourceTagKeys") or []:
            tags(self).get(arn, {}).pop(key, None)
        return "{}"

    add_actions(BudgetsResponse, create_budget, delete_budget, list_tags_for_resource, tag_resource,
                 untag_resource)


def _same_notification(stored: dict[str, Any], asked: dict[str, Any]) -> bool:
    """Notifications are identified by type, operator, threshold and threshold type."""
    def key(notification: dict[str, Any]) -> tuple[Any, ...]:
        return (notification.get("NotificationType"), notification.get("ComparisonOperator"),
                float(notification.get("Threshold", 0)), notification.get("ThresholdType", "PERCENTAGE"))
    return key(stored) == key(asked)


@patch
def budgets_describe_subscribers() -> None:
    """Budgets ``DescribeSubscribersForNotification``.

    moto keeps each notification's subscribers but cannot list them, so reading an
    ``aws_budgets_budget`` with a ``notification`` block failed. Answers the subscribers of the
    notification with the same type, operator, threshold and threshold type; an unknown budget or
    notification answers ``NotFoundException``.
    """
    from moto.budgets.responses import BudgetsResponse

    def describe_subscribers_for_notification(self: BudgetsResponse) -> str:
        account_id, budget_name = self._get_param("AccountId"), self._get_param("BudgetName")
        asked = self._get_param("Notification") or {}
        budget = self.backend.budgets.get(account_id, {}).get(budget_name)
        if budget is None:
            raise json_error("NotFoundException", f"Unable to get budget: {budget_name} - the budget doesn't exist.")
        for notification in budget.notifications:
            if _same_notification(notification.details, asked):
                return json.dumps({"Subscribers": notification.subscribers})
        raise json_error("NotFoundException", f"Unable to find the notification of budget {budget_name}.")

    add_actions(BudgetsResponse, describe_subscribers_for_notification)
