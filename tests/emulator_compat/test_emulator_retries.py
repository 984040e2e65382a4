"""A client's retry of a create the emulator already performed gets the first answer, through the
real server (``slsguard.emulator.replay``): the aws provider retries a create whose answer came
late, and moto would refuse the second copy as "already exists"."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.emulator

TABLE = {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}


def test_an_identical_create_is_answered_as_the_first(aws):
    dynamodb = aws.client("dynamodb")
    first = dynamodb.create_table(TableName="compat-retried", **TABLE)
    retried = dynamodb.create_table(TableName="compat-retried", **TABLE)
    assert retried["TableDescription"]["TableArn"] == first["TableDescription"]["TableArn"]
    assert retried["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert dynamodb.list_tables()["TableNames"].count("compat-retried") == 1


def test_a_different_create_of_the_same_name_is_still_refused(aws):
    dynamodb = aws.client("dynamodb")
    dynamodb.create_table(TableName="compat-taken", **TABLE)
    with pytest.raises(ClientError) as refused:
        dynamodb.create_table(TableName="compat-taken", **{**TABLE, "BillingMode": "PROVISIONED",
                                                            "ProvisionedThroughput": {"ReadCapacityUnits": 1,
                                                                                      "WriteCapacityUnits": 1}})
    assert refused.value.response["Error"]["Code"] == "ResourceInUseException"
