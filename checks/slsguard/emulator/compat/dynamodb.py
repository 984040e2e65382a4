"""DynamoDB: contributor insights."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import add_actions, patch, state


@patch
def dynamodb_contributor_insights() -> None:
    """DynamoDB ``UpdateContributorInsights`` and ``DescribeContributorInsights``.

    moto has neither action, so ``aws_dynamodb_contributor_insights`` (on a table or a GSI) failed
    on create. The status is kept per table and index: ``Update`` answers ``ENABLING`` /
    ``DISABLING`` as DynamoDB does, and the change is done at once, so ``Describe`` answers
    ``ENABLED`` / ``DISABLED`` (the provider waits for those). A table or index that does not exist
    answers ``ResourceNotFoundException``; deleting a table forgets its settings.
    """
    from moto.core.utils import utcnow
    from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    def insights(backend: DynamoDBBackend) -> dict[tuple[str, str | None], dict[str, Any]]:
        return state(backend, "contributor_insights")

    def target(response: DynamoHandler) -> tuple[str, str | None]:
        """The (table name, index name) a request names, both known to exist."""
        table = response.dynamodb_backend.get_table(response._get_param("TableName"))  # raises not found
        index_name = response._get_param("IndexName")
        if index_name and index_name not in {index.name for index in table.global_indexes + table.indexes}:
            raise ResourceNotFoundException(f"Requested resource not found: Index: {index_name} not found")
        return table.name, index_name

    def answer(table_name: str, index_name: str | None, status: str) -> str:
        body = {"TableName": table_name, "ContributorInsightsStatus": status}
        if index_name:
            body["IndexName"] = index_name
        return json.dumps(body)

    def update_contributor_insights(self: DynamoHandler) -> str:
        table_name, index_name = target(self)
        action = self._get_param("ContributorInsightsAction")
        if action not in ("ENABLE", "DISABLE"):
            raise MockValidationException(
                f"1 validation error detected: Value '{action}' at 'contributorInsightsAction' failed to "
                "satisfy constraint: Member must satisfy enum value set: [ENABLE, DISABLE]")
        insights(self.dynamodb_backend)[(table_name, index_name)] = {
            "ContributorInsightsStatus": f"{action}D",
            "LastUpdateDateTime": utcnow().timestamp(),
        }
        return answer(table_name, index_name, f"{action.removesuffix('E')}ING")

    def describe_contributor_insights(self: DynamoHandler) -> str:
        table_name, index_name = target(self)
        stored = insights(self.dynamodb_backend).get((table_name, index_name), {"ContributorInsightsStatus": "DISABLED"})
        body = json.loads(answer(table_name, index_name, stored["ContributorInsightsStatus"]))
        if "LastUpdateDateTime" in stored:
            body["LastUpdateDateTime"] = stored["LastUpdateDateTime"]
        if stored["ContributorInsightsStatus"] == "ENABLED":
            scope = f"{table_name}-{index_name}" if index_name else table_name
            body["ContributorInsightsRuleList"] = [f"DynamoDBContributorInsights-{kind}-{scope}-0"
                                                   for kind in ("PKC", "PKT")]
        return json.dumps(body)

    add_actions(DynamoHandler, update_contributor_insights, describe_contributor_insights)

    original_delete = DynamoDBBackend.delete_table

    def delete_table(self: DynamoDBBackend, name: str) -> Any:
        table = original_delete(self, name)
        for key in [key for key in insights(self) if key[0] == table.name]:
            del insights(self)[key]
        return table

    DynamoDBBackend.delete_table = delete_table  # type: ignore[method-assign]
