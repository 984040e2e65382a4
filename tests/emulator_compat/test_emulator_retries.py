"""A client's retry of a create the emulator already performed gets the first answer, through the
real server (``slsguard.emulator.replay``): the aws provider retries a create whose answer came
late, and moto would refuse the second attempt as "already exists". Attempts of one SDK call
share an ``amz-sdk-invocation-id``; here a botocore hook gives two calls the same one, which is
what the emulator sees of a retry."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.emulator

TABLE = {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}
PROVISIONED = {**TABLE, "BillingMode": "PROVISIONED",
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}


def _attempts_of_one_call(client, invocation: str):
    def same_invocation(request, **_):
        request.headers["amz-sdk-invocation-id"] = invocation

    client.meta.events.register("before-send", same_invocation)
    return client


def test_a_retried_create_is_answered_as_the_first(aws):
    dynamodb = _attempts_of_one_call(aws.client("dynamodb"), "compat-retried-call")
    first = dynamodb.create_table(TableName="compat-retried", **TABLE)
    retried = dynamodb.create_table(TableName="compat-retried", **TABLE)
    assert retried["TableDescription"]["TableArn"] == first["TableDescription"]["TableArn"]
    assert retried["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert aws.client("dynamodb").list_tables()["TableNames"].count("compat-retried") == 1


@pytest.mark.parametrize(("same_call", "second"), [
    (False, TABLE),        # a second call creating the same thing on purpose
    (True, PROVISIONED),   # another request under the same name
], ids=["second-call", "other-request"])
def test_anything_but_a_retry_is_still_refused(aws, same_call, second):
    dynamodb = aws.client("dynamodb")
    if same_call:
        _attempts_of_one_call(dynamodb, "compat-one-call")
    dynamodb.create_table(TableName=f"compat-taken-{same_call}", **TABLE)
    with pytest.raises(ClientError) as refused:
        dynamodb.create_table(TableName=f"compat-taken-{same_call}", **second)
    assert refused.value.response["Error"]["Code"] == "ResourceInUseException"
