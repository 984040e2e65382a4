"""Emulator compatibility of DynamoDB (``slsguard.emulator.compat.dynamodb``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code

pytestmark = pytest.mark.emulator


@pytest.fixture
def table_with_index(aws):
    dynamodb = aws.client("dynamodb")
    dynamodb.create_table(
        TableName="compat-ci", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "status", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    yield dynamodb
    if "compat-ci" in dynamodb.list_tables()["TableNames"]:
        dynamodb.delete_table(TableName="compat-ci")


def test_dynamodb_contributor_insights_on_table_and_index(table_with_index):
    dynamodb = table_with_index
    assert dynamodb.describe_contributor_insights(TableName="compat-ci")["ContributorInsightsStatus"] == "DISABLED"

    enabling = dynamodb.update_contributor_insights(TableName="compat-ci", ContributorInsightsAction="ENABLE")
    assert enabling["ContributorInsightsStatus"] == "ENABLING"
    table = dynamodb.describe_contributor_insights(TableName="compat-ci")
    assert table["ContributorInsightsStatus"] == "ENABLED" and table["ContributorInsightsRuleList"]
    index = dynamodb.describe_contributor_insights(TableName="compat-ci", IndexName="by_status")
    assert index["ContributorInsightsStatus"] == "DISABLED", "the index has its own setting"

    dynamodb.update_contributor_insights(TableName="compat-ci", IndexName="by_status", ContributorInsightsAction="ENABLE")
    index = dynamodb.describe_contributor_insights(TableName="compat-ci", IndexName="by_status")
    assert (index["IndexName"], index["ContributorInsightsStatus"]) == ("by_status", "ENABLED")

    disabling = dynamodb.update_contributor_insights(TableName="compat-ci", ContributorInsightsAction="DISABLE")
    assert disabling["ContributorInsightsStatus"] == "DISABLING"
    assert dynamodb.describe_contributor_insights(TableName="compat-ci")["ContributorInsightsStatus"] == "DISABLED"


def test_dynamodb_contributor_insights_of_unknown_table_or_index_is_not_found(table_with_index):
    dynamodb = table_with_index
    for kwargs in ({"TableName": "compat-none"}, {"TableName": "compat-ci", "IndexName": "by_nothing"}):
        with pytest.raises(ClientError) as missing:
            dynamodb.update_contributor_insights(**kwargs, ContributorInsightsAction="ENABLE")
        assert error_code(missing) == "ResourceNotFoundException", kwargs
        with pytest.raises(ClientError) as missing:
            dynamodb.describe_contributor_insights(**kwargs)
        assert error_code(missing) == "ResourceNotFoundException", kwargs


def test_dynamodb_delete_table_forgets_its_contributor_insights(table_with_index):
    dynamodb = table_with_index
    dynamodb.update_contributor_insights(TableName="compat-ci", ContributorInsightsAction="ENABLE")
    dynamodb.delete_table(TableName="compat-ci")
    dynamodb.create_table(TableName="compat-ci", BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    assert dynamodb.describe_contributor_insights(TableName="compat-ci")["ContributorInsightsStatus"] == "DISABLED"
