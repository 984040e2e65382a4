"""Emulator compatibility of Application Auto Scaling (``slsguard.emulator.compat.applicationautoscaling``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code, provider_root
from harness.terraform import applied

pytestmark = pytest.mark.emulator


def test_applicationautoscaling_tags_follow_the_scalable_target(aws):
    aws.client("dynamodb").create_table(
        TableName="compat-aas", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    scaling = aws.client("application-autoscaling")
    target = {"ServiceNamespace": "dynamodb", "ResourceId": "table/compat-aas",
              "ScalableDimension": "dynamodb:table:ReadCapacityUnits"}
    arn = scaling.register_scalable_target(**target, MinCapacity=1, MaxCapacity=5,
                                           Tags={"team": "compat"})["ScalableTargetARN"]
    assert scaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"team": "compat"}

    scaling.tag_resource(ResourceARN=arn, Tags={"env": "test"})
    scaling.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert scaling.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"env": "test"}

    scaling.deregister_scalable_target(**target)
    with pytest.raises(ClientError) as gone:
        scaling.list_tags_for_resource(ResourceARN=arn)
    assert error_code(gone) == "ResourceNotFoundException"


def test_appautoscaling_target_with_tags_on_a_dynamodb_table(tmp_path, toolchain, aws):
    root = provider_root(tmp_path, toolchain, aws, {
        "aws_dynamodb_table": {"t": {
            "name": "compat-tf-table", "billing_mode": "PROVISIONED", "read_capacity": 1, "write_capacity": 1,
            "hash_key": "pk", "attribute": [{"name": "pk", "type": "S"}],
        }},
        "aws_appautoscaling_target": {"read": {
            "service_namespace": "dynamodb", "resource_id": "table/${aws_dynamodb_table.t.name}",
            "scalable_dimension": "dynamodb:table:ReadCapacityUnits", "min_capacity": 1, "max_capacity": 10,
            "tags": {"team": "compat"},
        }},
    }, {"arn": "${aws_appautoscaling_target.read.arn}"})
    with applied(root) as outputs:
        tags = aws.client("application-autoscaling").list_tags_for_resource(ResourceARN=outputs["arn"])["Tags"]
        assert tags == {"team": "compat"}
