"""Emulator compatibility of Lambda (``slsguard.emulator.compat.awslambda``)."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from compat_support import assume_role, error_code, function_zip, function_zip_file, provider_root
from harness.terraform import applied
from slsguard.packaging import base64_sha256

pytestmark = pytest.mark.emulator


@pytest.fixture
def published_function(aws):
    role = aws.client("iam").create_role(
        RoleName="compat-pc-role",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}),
    )["Role"]["Arn"]
    lambda_client = aws.client("lambda")
    lambda_client.create_function(FunctionName="compat-pc", Runtime="python3.12", Role=role,
                                  Handler="index.handler", Code={"ZipFile": function_zip()}, Publish=True)
    lambda_client.create_alias(FunctionName="compat-pc", Name="live", FunctionVersion="1")
    yield lambda_client
    lambda_client.delete_function(FunctionName="compat-pc")
    aws.client("iam").delete_role(RoleName="compat-pc-role")


def test_lambda_provisioned_concurrency_lifecycle(published_function):
    lambda_client = published_function
    put = lambda_client.put_provisioned_concurrency_config(
        FunctionName="compat-pc", Qualifier="live", ProvisionedConcurrentExecutions=3)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (put["Status"], put["RequestedProvisionedConcurrentExecutions"]) == ("READY", 3)

    got = lambda_client.get_provisioned_concurrency_config(FunctionName="compat-pc", Qualifier="live")
    assert got["Status"] == "READY"
    assert got["AllocatedProvisionedConcurrentExecutions"] == got["AvailableProvisionedConcurrentExecutions"] == 3

    lambda_client.put_provisioned_concurrency_config(
        FunctionName="compat-pc", Qualifier="1", ProvisionedConcurrentExecutions=1)
    listed = lambda_client.list_provisioned_concurrency_configs(FunctionName="compat-pc")
    assert sorted(c["FunctionArn"].rsplit(":", 1)[-1] for c in listed["ProvisionedConcurrencyConfigs"]) == ["1", "live"]

    lambda_client.delete_provisioned_concurrency_config(FunctionName="compat-pc", Qualifier="live")
    with pytest.raises(ClientError) as gone:
        lambda_client.get_provisioned_concurrency_config(FunctionName="compat-pc", Qualifier="live")
    assert error_code(gone) == "ProvisionedConcurrencyConfigNotFoundException"
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError) as deleted_twice:
        lambda_client.delete_provisioned_concurrency_config(FunctionName="compat-pc", Qualifier="live")
    assert error_code(deleted_twice) == "ProvisionedConcurrencyConfigNotFoundException"


@pytest.mark.parametrize(("qualifier", "code"), [
    ("missing-alias", "ResourceNotFoundException"),
    ("$LATEST", "InvalidParameterValueException"),
])
def test_lambda_provisioned_concurrency_rejects_bad_qualifiers(published_function, qualifier, code):
    with pytest.raises(ClientError) as refused:
        published_function.put_provisioned_concurrency_config(
            FunctionName="compat-pc", Qualifier=qualifier, ProvisionedConcurrentExecutions=1)
    assert error_code(refused) == code


def test_lambda_provisioned_concurrency_of_unknown_function_is_not_found(aws):
    with pytest.raises(ClientError) as refused:
        aws.client("lambda").get_provisioned_concurrency_config(FunctionName="compat-none", Qualifier="live")
    assert error_code(refused) == "ResourceNotFoundException"


def test_lambda_delete_function_forgets_its_provisioned_concurrency(published_function):
    lambda_client = published_function
    lambda_client.put_provisioned_concurrency_config(
        FunctionName="compat-pc", Qualifier="live", ProvisionedConcurrentExecutions=2)
    lambda_client.delete_function(FunctionName="compat-pc")
    lambda_client.create_function(
        FunctionName="compat-pc", Runtime="python3.12", Role="arn:aws:iam::123456789012:role/compat-pc-role",
        Handler="index.handler", Code={"ZipFile": function_zip()}, Publish=True)
    lambda_client.create_alias(FunctionName="compat-pc", Name="live", FunctionVersion="1")
    with pytest.raises(ClientError) as gone:
        lambda_client.get_provisioned_concurrency_config(FunctionName="compat-pc", Qualifier="live")
    assert error_code(gone) == "ProvisionedConcurrencyConfigNotFoundException"


def test_lambda_returns_logging_config_set_at_create_and_update(published_function):
    lambda_client = published_function
    default = lambda_client.get_function_configuration(FunctionName="compat-pc")["LoggingConfig"]
    assert default == {"LogFormat": "Text", "LogGroup": "/aws/lambda/compat-pc"}

    lambda_client.update_function_configuration(
        FunctionName="compat-pc", LoggingConfig={"LogFormat": "JSON", "LogGroup": "/compat/shared"})
    updated = lambda_client.get_function(FunctionName="compat-pc")["Configuration"]["LoggingConfig"]
    assert updated == {"LogFormat": "JSON", "LogGroup": "/compat/shared"}


def test_lambda_returns_dead_letter_config_set_at_create_and_update(aws, published_function):
    lambda_client, sns = published_function, aws.client("sns")
    first, second = (sns.create_topic(Name=name)["TopicArn"] for name in ("compat-dlq-1", "compat-dlq-2"))
    assert "DeadLetterConfig" not in lambda_client.get_function_configuration(FunctionName="compat-pc")

    lambda_client.update_function_configuration(FunctionName="compat-pc", DeadLetterConfig={"TargetArn": first})
    assert lambda_client.get_function(FunctionName="compat-pc")["Configuration"]["DeadLetterConfig"] == {"TargetArn": first}
    lambda_client.update_function_configuration(FunctionName="compat-pc", DeadLetterConfig={"TargetArn": second})
    assert lambda_client.get_function_configuration(FunctionName="compat-pc")["DeadLetterConfig"] == {"TargetArn": second}
    lambda_client.update_function_configuration(FunctionName="compat-pc", DeadLetterConfig={"TargetArn": ""})
    assert "DeadLetterConfig" not in lambda_client.get_function_configuration(FunctionName="compat-pc")

    lambda_client.create_function(
        FunctionName="compat-dlq", Runtime="python3.12", Role="arn:aws:iam::123456789012:role/compat-pc-role",
        Handler="index.handler", Code={"ZipFile": function_zip()}, DeadLetterConfig={"TargetArn": first})
    try:
        assert lambda_client.get_function_configuration(FunctionName="compat-dlq")["DeadLetterConfig"] == {"TargetArn": first}
    finally:
        lambda_client.delete_function(FunctionName="compat-dlq")


def test_lambda_returns_snap_start_set_at_create_and_update(published_function):
    lambda_client = published_function
    assert lambda_client.get_function_configuration(FunctionName="compat-pc")["SnapStart"] == {
        "ApplyOn": "None", "OptimizationStatus": "Off"}

    lambda_client.create_function(
        FunctionName="compat-snap", Runtime="java21", Role="arn:aws:iam::123456789012:role/compat-pc-role",
        Handler="orders.Handler::handleRequest", Code={"ZipFile": function_zip()}, Publish=True,
        SnapStart={"ApplyOn": "PublishedVersions"})
    try:
        latest = lambda_client.get_function(FunctionName="compat-snap")["Configuration"]["SnapStart"]
        assert latest == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}, "$LATEST is never snapshotted"
        version = lambda_client.get_function_configuration(FunctionName="compat-snap", Qualifier="1")["SnapStart"]
        assert version == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}

        lambda_client.update_function_configuration(FunctionName="compat-snap", SnapStart={"ApplyOn": "None"})
        assert lambda_client.get_function_configuration(FunctionName="compat-snap")["SnapStart"]["ApplyOn"] == "None"
    finally:
        lambda_client.delete_function(FunctionName="compat-snap")


def test_lambda_event_source_mapping_keeps_the_alias_arn(aws, published_function):
    lambda_client, sqs = published_function, aws.client("sqs")
    queue_url = sqs.create_queue(QueueName="compat-esm")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    alias_arn = lambda_client.get_alias(FunctionName="compat-pc", Name="live")["AliasArn"]
    unqualified = alias_arn.rsplit(":", 1)[0]

    by_arn = lambda_client.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=alias_arn, BatchSize=5)
    assert by_arn["FunctionArn"] == alias_arn
    assert lambda_client.get_event_source_mapping(UUID=by_arn["UUID"])["FunctionArn"] == alias_arn
    lambda_client.delete_event_source_mapping(UUID=by_arn["UUID"])

    by_name = lambda_client.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="compat-pc:live")
    assert by_name["FunctionArn"] == alias_arn
    version = lambda_client.update_event_source_mapping(UUID=by_name["UUID"], FunctionName="compat-pc:1")
    assert version["FunctionArn"] == f"{unqualified}:1", "a version stays a version"
    back = lambda_client.update_event_source_mapping(UUID=by_name["UUID"], FunctionName=alias_arn)
    assert back["FunctionArn"] == alias_arn
    lambda_client.delete_event_source_mapping(UUID=by_name["UUID"])


def test_lambda_provisioned_concurrency_config(tmp_path, toolchain, aws):
    package = function_zip_file(tmp_path)
    root = provider_root(tmp_path / "root", toolchain, aws, {
        "aws_iam_role": {"fn": {"name": "compat-tf-fn", "assume_role_policy": assume_role("lambda.amazonaws.com")}},
        "aws_lambda_function": {"fn": {
            "function_name": "compat-tf-fn", "role": "${aws_iam_role.fn.arn}", "handler": "index.handler",
            "runtime": "python3.12", "filename": str(package), "publish": True,
            "source_code_hash": base64_sha256(package),
        }},
        "aws_lambda_alias": {"live": {
            "name": "live", "function_name": "${aws_lambda_function.fn.function_name}",
            "function_version": "${aws_lambda_function.fn.version}",
        }},
        "aws_lambda_provisioned_concurrency_config": {"live": {
            "function_name": "${aws_lambda_function.fn.function_name}",
            "qualifier": "${aws_lambda_alias.live.name}", "provisioned_concurrent_executions": 2,
        }},
    }, {"executions": "${aws_lambda_provisioned_concurrency_config.live.provisioned_concurrent_executions}"})
    with applied(root) as outputs:
        assert outputs["executions"] == 2
        config = aws.client("lambda").get_provisioned_concurrency_config(FunctionName="compat-tf-fn", Qualifier="live")
        assert (config["Status"], config["AllocatedProvisionedConcurrentExecutions"]) == ("READY", 2)


def test_log_group_class_and_lambda_logging_config(tmp_path, toolchain, aws):
    package = function_zip_file(tmp_path)
    root = provider_root(tmp_path / "root", toolchain, aws, {
        "aws_cloudwatch_log_group": {"lg": {
            "name": "/compat/tf-logging", "retention_in_days": 14, "log_group_class": "STANDARD"}},
        "aws_iam_role": {"fn": {"name": "compat-tf-logging", "assume_role_policy": assume_role("lambda.amazonaws.com")}},
        "aws_lambda_function": {"fn": {
            "function_name": "compat-tf-logging", "role": "${aws_iam_role.fn.arn}", "handler": "index.handler",
            "runtime": "python3.12", "filename": str(package),
            "source_code_hash": base64_sha256(package),
            "logging_config": [{"log_format": "JSON", "log_group": "${aws_cloudwatch_log_group.lg.name}"}],
        }},
    }, {"log_group": "${aws_lambda_function.fn.logging_config[0].log_group}"})
    with applied(root) as outputs:
        assert outputs["log_group"] == "/compat/tf-logging"


def test_lambda_image_function_answers_image_config_only_when_set(tmp_path, toolchain, aws):
    lambda_client = aws.client("lambda")
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/compat-image:1.0.0"
    root = provider_root(tmp_path / "root", toolchain, aws, {
        "aws_iam_role": {"fn": {"name": "compat-image", "assume_role_policy": assume_role("lambda.amazonaws.com")}},
        "aws_lambda_function": {
            "plain": {"function_name": "compat-image-plain", "role": "${aws_iam_role.fn.arn}",
                      "package_type": "Image", "image_uri": image},
            "cmd": {"function_name": "compat-image-cmd", "role": "${aws_iam_role.fn.arn}",
                    "package_type": "Image", "image_uri": image, "image_config": [{"command": ["app.handler"]}]},
        },
    }, {"kinds": "${[aws_lambda_function.plain.package_type, aws_lambda_function.cmd.package_type]}"})
    with applied(root) as outputs:
        assert outputs["kinds"] == ["Image", "Image"]
        assert "ImageConfigResponse" not in lambda_client.get_function_configuration(FunctionName="compat-image-plain")
        overridden = lambda_client.get_function(FunctionName="compat-image-cmd")["Configuration"]["ImageConfigResponse"]
        assert overridden["ImageConfig"]["Command"] == ["app.handler"]
