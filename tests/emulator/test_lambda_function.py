"""Emulator tier of modules/lambda-function: apply examples/complete to moto, re-plan, prove, destroy.

The example's zip is built here with slsguard.packaging (terraform has no archive provider) and
passed in as a variable. moto creates functions without Docker but cannot invoke them, so the
proofs are about configuration: boundary, policy, concurrency, encryption, logs and alarms.

The complete example runs with its default safe rollout: a published version behind
the "live" alias that consumes the queue, one provisioned environment, and a CodeDeploy canary
that rolls back on the errors alarm. It relies on the emulator compat patches for the CodeDeploy
alarm configuration and for event source mappings on an alias (moto 5.2.5 drops or alters them).
Further cycles call the module directly or apply the other examples: an alias with provisioned
concurrency and async settings and a function-level dead-letter target (compat patch: moto drops
DeadLetterConfig), the stream consumer, function URLs, the VPC image example, and SnapStart logging
to an existing group.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "lambda-function" / "examples" / "complete"
NAME = "slsguard-orders-worker"  # the example's default name prefix


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _role_statements(iam, role_name: str) -> dict[str, dict]:
    """The execution role's generated inline policy, statement by Sid."""
    document = iam.get_role_policy(RoleName=role_name, PolicyName="least-privilege")["PolicyDocument"]
    return {s["Sid"]: s for s in (json.loads(document) if isinstance(document, str) else document)["Statement"]}


def _companions(name: str, purpose: str, boundary_actions: list[str], resources: dict, outputs: dict | None = None) -> dict:
    """What a module-level cycle needs beside the module: a customer key, a stand-in permissions
    boundary allowing ``boundary_actions``, and the test's own ``resources`` and ``outputs``."""
    return {
        "resource": {
            "aws_kms_key": {"this": {"description": purpose, "deletion_window_in_days": 7}},
            "aws_iam_policy": {"boundary": {"name": f"{name}-boundary", "policy": json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": boundary_actions, "Resource": "*"}],
            })}},
            **resources,
        },
        "output": outputs or {},
    }


def test_complete_example(aws, example_root):
    iam, lam, logs, cloudwatch = aws.client("iam"), aws.client("lambda"), aws.client("logs"), aws.client("cloudwatch")
    codedeploy = aws.client("codedeploy")
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    code_hash = packaging.build_zip(root.path / "src", zip_path)
    # Deletion protection off so the test can tear the table down; the example protects it by default.
    tf_vars = {"zip_path": str(zip_path), "table_deletion_protection": False}

    with applied(root, tf_vars) as outputs:
        function, key_arn = outputs["function"], outputs["kms_key_arn"]

        # The role carries the boundary; its only policy is the generated inline one.
        role = iam.get_role(RoleName=function["role_name"])["Role"]
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == outputs["boundary_arn"]
        assert not iam.list_attached_role_policies(RoleName=function["role_name"])["AttachedPolicies"]
        assert iam.list_role_policies(RoleName=function["role_name"])["PolicyNames"] == ["least-privilege"]
        document = iam.get_role_policy(RoleName=function["role_name"], PolicyName="least-privilege")["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        statements = {s["Sid"]: s for s in document["Statement"]}
        for sid, statement in statements.items():
            actions, resources = _as_list(statement["Action"]), _as_list(statement["Resource"])
            assert not any(a == "*" or a.endswith(":*") for a in actions), f"{sid} has a wildcard action: {actions}"
            if sid == "XRay":  # the one documented exception: X-Ray has no resource types
                assert resources == ["*"] and sorted(actions) == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
            else:
                assert "*" not in resources, f"{sid} has a * resource"
        assert statements["Logs"]["Resource"] == [
            f"arn:aws:logs:{aws.region}:{aws.account_id}:log-group:/aws/lambda/{NAME}:*"]
        assert statements["Grantorders"]["Resource"] == [outputs["table_arn"]]
        assert statements["EventSourceordersConsume"]["Resource"] == [outputs["queue_arn"]]
        assert statements["AsyncOnFailure"]["Resource"] == [outputs["failed_events_topic_arn"]]
        assert json.loads(function["policy_json"]) == document

        # The function: reserved concurrency, arm64, encrypted environment, JSON logs, X-Ray, code hash.
        config = lam.get_function(FunctionName=NAME)
        assert config["Concurrency"]["ReservedConcurrentExecutions"] == 5
        settings = config["Configuration"]
        assert settings["KMSKeyArn"] == key_arn
        assert settings["Environment"]["Variables"] == {"TABLE_NAME": f"{NAME}-orders"}
        assert settings["Architectures"] == ["arm64"]
        assert settings["TracingConfig"]["Mode"] == "Active"
        assert settings["LoggingConfig"]["LogFormat"] == "JSON"
        assert settings["LoggingConfig"]["LogGroup"] == f"/aws/lambda/{NAME}"
        assert settings["CodeSha256"] == code_hash
        assert settings["Role"] == function["role_arn"]

        # The "live" alias (on the published version) consumes the queue and carries the async settings.
        alias_arn = function["alias_arn"]
        assert alias_arn == f"{function['function_arn']}:live" and function["invoke_target_arn"] == alias_arn
        assert lam.get_alias(FunctionName=NAME, Name="live")["FunctionVersion"] == function["function_version"] != "$LATEST"
        provisioned = lam.get_provisioned_concurrency_config(FunctionName=NAME, Qualifier="live")
        assert provisioned["RequestedProvisionedConcurrentExecutions"] == 1
        # (moto's FunctionName filter does not match a plain name, so filter here)
        mappings = [m for m in lam.list_event_source_mappings()["EventSourceMappings"]
                    if m["EventSourceArn"] == outputs["queue_arn"]]
        assert [m["FunctionArn"] for m in mappings] == [alias_arn], "the mapping follows the alias, not a version"
        assert mappings[0]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mappings[0]["ScalingConfig"] == {"MaximumConcurrency": 2}
        invoke_config = lam.get_function_event_invoke_config(FunctionName=NAME, Qualifier="live")
        assert invoke_config["MaximumRetryAttempts"] == 1 and invoke_config["MaximumEventAgeInSeconds"] == 3600
        assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == outputs["failed_events_topic_arn"]

        # CodeDeploy shifts the alias in 10% canaries every 5 minutes and rolls back on the errors alarm.
        group = codedeploy.get_deployment_group(applicationName=function["codedeploy_app_name"],
                                                deploymentGroupName=function["codedeploy_deployment_group_name"])
        group = group["deploymentGroupInfo"]
        assert group["alarmConfiguration"]["enabled"] is True
        assert group["alarmConfiguration"]["alarms"] == [{"name": f"{NAME}-errors"}]
        assert set(group["autoRollbackConfiguration"]["events"]) == {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}
        assert group["deploymentConfigName"] == "CodeDeployDefault.LambdaCanary10Percent5Minutes"  # a built-in one

        # The log group expires and is encrypted with the customer key.
        groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{NAME}")["logGroups"]
        assert [(g["logGroupName"], g["retentionInDays"], g.get("kmsKeyId")) for g in groups] == [
            (f"/aws/lambda/{NAME}", 30, key_arn)]

        # Alarms on the function, notifying the topic.
        every_alarm = cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]
        # The queue's own alarms (sqs-queue module) share the prefix.
        assert {a["AlarmName"] for a in every_alarm if a["Namespace"] == "AWS/SQS"} == {
            f"{NAME}-incoming-oldest-message-age", f"{NAME}-incoming-dlq-messages-visible"}
        alarms = {a["AlarmName"]: a for a in every_alarm if a["Namespace"] != "AWS/SQS"}
        assert set(alarms) == {f"{NAME}-{k}" for k in ("errors", "throttles", "duration-p99", "concurrent-executions")}
        assert all(a["Namespace"] == "AWS/Lambda" and a["Dimensions"] == [{"Name": "FunctionName", "Value": NAME}]
                   for a in alarms.values())
        assert all(a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())
        assert alarms[f"{NAME}-duration-p99"]["ExtendedStatistic"] == "p99"
        assert alarms[f"{NAME}-duration-p99"]["Threshold"] == 16000  # 80% of the 20 s timeout
        assert alarms[f"{NAME}-concurrent-executions"]["Threshold"] == 4  # 80% of 5 reserved

    assert not [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == NAME], "function left behind"
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith(NAME)], "roles left behind"
    assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{NAME}")["logGroups"], "log group left behind"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind"
    assert not codedeploy.list_applications()["applications"], "CodeDeploy application left behind"


ALIAS_NAME = "slsguard-live-alias"


def test_published_alias_with_provisioned_concurrency(aws, module_root, tmp_path):
    lam, iam = aws.client("lambda"), aws.client("iam")
    zip_path = tmp_path / "function.zip"
    packaging.build_zip(EXAMPLE / "src", zip_path)
    companions = _companions(ALIAS_NAME, "live alias test", ["logs:PutLogEvents", "sns:Publish"],
                             {"aws_sns_topic": {"dead": {"name": f"{ALIAS_NAME}-dead"}}},
                             {"dead_topic_arn": {"value": "${aws_sns_topic.dead.arn}"}})
    inputs = {
        "name": ALIAS_NAME,
        "package": {"zip_path": str(zip_path)},
        "handler": "app.handler",
        "runtime": "python3.13",
        "kms_key_arn": "${aws_kms_key.this.arn}",
        "permissions_boundary_arn": "${aws_iam_policy.boundary.arn}",
        "reserved_concurrency": 3,
        "publish": True,
        "provisioned_concurrency": 2,
        "async_invocation": {"on_failure_destination_arn": "${aws_sns_topic.dead.arn}", "maximum_retry_attempts": 0,
                             "dead_letter_target_arn": "${aws_sns_topic.dead.arn}"},
        "log_retention_days": 7,
        "alarms_enabled": False,
    }
    root = module_root("lambda-function", inputs, env=aws.env, extra=companions)

    with applied(root) as outputs:
        function = outputs["this"]
        assert function["alias_arn"] == f"arn:aws:lambda:{aws.region}:{aws.account_id}:function:{ALIAS_NAME}:live"
        assert function["invoke_target_arn"] == function["alias_arn"]
        alias = lam.get_alias(FunctionName=ALIAS_NAME, Name="live")
        assert alias["FunctionVersion"] == function["function_version"] != "$LATEST"

        provisioned = lam.get_provisioned_concurrency_config(FunctionName=ALIAS_NAME, Qualifier="live")
        assert provisioned["RequestedProvisionedConcurrentExecutions"] == 2
        assert lam.get_function_concurrency(FunctionName=ALIAS_NAME)["ReservedConcurrentExecutions"] == 3

        invoke_config = lam.get_function_event_invoke_config(FunctionName=ALIAS_NAME, Qualifier="live")
        assert invoke_config["MaximumRetryAttempts"] == 0
        assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == outputs["dead_topic_arn"]

        dead_letter = lam.get_function_configuration(FunctionName=ALIAS_NAME)["DeadLetterConfig"]
        assert dead_letter == {"TargetArn": outputs["dead_topic_arn"]}

        statements = _role_statements(iam, function["role_name"])
        assert statements["AsyncOnFailure"]["Action"] == ["sns:Publish"]
        assert statements["AsyncOnFailure"]["Resource"] == [outputs["dead_topic_arn"]]

    assert not [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == ALIAS_NAME], "function left behind"


STREAM_EXAMPLE = MODULES / "lambda-function" / "examples" / "stream-consumer"
STREAM_NAME = "slsguard-order-status"  # the stream-consumer example's default name prefix


def test_stream_consumer_example(aws, example_root):
    """The table's grant_target is the event source, the queue's grant_target the on-failure destination."""
    iam, lam, cloudwatch, dynamodb = aws.client("iam"), aws.client("lambda"), aws.client("cloudwatch"), aws.client("dynamodb")
    root = example_root(STREAM_EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)
    tf_vars = {"zip_path": str(zip_path), "deletion_protection_enabled": False,
               "deletion_protection_off_reason": "emulator test tears the example down"}

    with applied(root, tf_vars) as outputs:
        function, table, failures = outputs["function"], outputs["table"], outputs["stream_failures"]
        stream_arn = dynamodb.describe_table(TableName=table["table_name"])["Table"]["LatestStreamArn"]
        assert table["stream_arn"] == table["grant_target"]["stream_arn"] == stream_arn

        mappings = [m for m in lam.list_event_source_mappings()["EventSourceMappings"] if m["EventSourceArn"] == stream_arn]
        assert [m["UUID"] for m in mappings] == [function["stream_event_source_mapping_uuids"]["orders"]]
        mapping = mappings[0]
        assert mapping["FunctionArn"] == function["function_arn"]
        assert mapping["StartingPosition"] == "TRIM_HORIZON" and mapping["BatchSize"] == 50
        assert mapping["MaximumRetryAttempts"] == 5 and mapping["MaximumRecordAgeInSeconds"] == 3600
        assert mapping["BisectBatchOnFunctionError"] is True
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["DestinationConfig"]["OnFailure"]["Destination"] == failures["queue_arn"]
        assert [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]] == [{"eventName": ["INSERT", "MODIFY"]}]

        # The role reads exactly this stream and sends exactly to this queue, each key through its service.
        statements = _role_statements(iam, function["role_name"])
        key_arn = outputs["kms_key_arn"]
        assert statements["StreamordersRead"]["Resource"] == [stream_arn]
        assert statements["StreamordersOnFailure"] == {"Sid": "StreamordersOnFailure", "Effect": "Allow",
                                                       "Action": ["sqs:SendMessage"], "Resource": [failures["queue_arn"]]}
        assert statements["StreamordersDecrypt"]["Resource"] == statements["StreamordersOnFailureKey"]["Resource"] == [key_arn]
        assert statements["StreamordersDecrypt"]["Condition"] == {
            "StringEquals": {"kms:ViaService": f"dynamodb.{aws.region}.amazonaws.com"}}
        assert statements["StreamordersOnFailureKey"]["Condition"] == {
            "StringEquals": {"kms:ViaService": f"sqs.{aws.region}.amazonaws.com"}}

        # The function's lag on its stream is alarmed, next to the standard alarms.
        alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=f"{STREAM_NAME}-")["MetricAlarms"]}
        lag = alarms[f"{STREAM_NAME}-iterator-age"]
        assert (lag["MetricName"], lag["Statistic"], lag["Threshold"]) == ("IteratorAge", "Maximum", 60000)
        assert lag["AlarmActions"] == [outputs["alarm_topic_arn"]]
        assert set(function["alarm_arns"]) == {"errors", "throttles", "duration-p99", "concurrent-executions", "iterator-age"}

    assert not [m for m in lam.list_event_source_mappings()["EventSourceMappings"] if STREAM_NAME in m["FunctionArn"]], \
        "event source mapping left behind"
    assert not [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == STREAM_NAME], "function left behind"


URL_NAME = "slsguard-url-function"


@pytest.mark.parametrize("public", [False, True], ids=["iam", "public"])
def test_function_url(aws, module_root, tmp_path, public):
    """IAM authentication by default; NONE only when public, with the permission limited to the URL."""
    lam = aws.client("lambda")
    zip_path = tmp_path / "function.zip"
    packaging.build_zip(EXAMPLE / "src", zip_path)
    companions = _companions(URL_NAME, "function url test", ["logs:PutLogEvents"],
                             {"aws_sns_topic": {"updates": {"name": f"{URL_NAME}-updates"}}},
                             {"updates_topic_arn": {"value": "${aws_sns_topic.updates.arn}"}})
    url = {"authorization_type": "NONE", "public": True, "invoke_mode": "RESPONSE_STREAM",
           "cors": {"allow_origins": ["https://shop.example.com"], "allow_methods": ["GET"], "max_age": 600}} if public else {}
    inputs = {
        "name": URL_NAME,
        "package": {"zip_path": str(zip_path)},
        "handler": "app.handler",
        "runtime": "python3.13",
        "kms_key_arn": "${aws_kms_key.this.arn}",
        "permissions_boundary_arn": "${aws_iam_policy.boundary.arn}",
        "reserved_concurrency": 2,
        "publish": True,
        "function_url": url,
        # The private URL's function is also invoked by a topic, scoped to it.
        "invoke_permissions": {} if public else {"updates": {"service": "sns", "source_arn": "${aws_sns_topic.updates.arn}"}},
        "log_retention_days": 7,
        "log_group_class": "STANDARD" if public else "INFREQUENT_ACCESS",
        "alarms_enabled": False,
    }
    root = module_root("lambda-function", inputs, env=aws.env, extra=companions)

    with applied(root) as outputs:
        function = outputs["this"]
        [group] = aws.client("logs").describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{URL_NAME}")["logGroups"]
        assert group["logGroupClass"] == ("STANDARD" if public else "INFREQUENT_ACCESS")
        config = lam.get_function_url_config(FunctionName=URL_NAME, Qualifier="live")
        assert config["FunctionUrl"] == function["function_url"]
        # moto answers the unqualified ARN for a URL on an alias (AWS answers the alias ARN);
        # the plan scenario function_url proves the qualifier.
        assert config["FunctionArn"] in (function["function_arn"], function["alias_arn"])
        if not public:
            assert config["AuthType"] == "AWS_IAM" and config["InvokeMode"] == "BUFFERED"
            assert "Cors" not in config or not config["Cors"].get("AllowOrigins")
            # The function's policy lets the topic invoke the alias, and nothing opens the URL.
            [statement] = json.loads(lam.get_policy(FunctionName=URL_NAME, Qualifier="live")["Policy"])["Statement"]
            assert statement["Sid"] == "Invokeupdates" and statement["Action"] == "lambda:InvokeFunction"
            assert outputs["updates_topic_arn"] in json.dumps(statement)
            return
        assert config["AuthType"] == "NONE" and config["InvokeMode"] == "RESPONSE_STREAM"
        assert config["Cors"]["AllowOrigins"] == ["https://shop.example.com"] and config["Cors"]["MaxAge"] == 600
        # Everything the function's policy opens is the NONE URL. (moto keeps the request fields,
        # FunctionUrlAuthType, where AWS writes the lambda:FunctionUrlAuthType condition, and may
        # list the statement more than once.)
        policy = json.loads(lam.get_policy(FunctionName=URL_NAME, Qualifier="live")["Policy"])
        assert policy["Statement"]
        for statement in policy["Statement"]:
            assert statement["Action"] == "lambda:InvokeFunctionUrl" and statement["Principal"] == "*", statement
            auth = statement.get("FunctionUrlAuthType") or statement["Condition"]["StringEquals"]["lambda:FunctionUrlAuthType"]
            assert auth == "NONE", statement


VPC_IMAGE_EXAMPLE = MODULES / "lambda-function" / "examples" / "vpc-image"
VPC_IMAGE_NAME = "slsguard-order-documents"  # the vpc-image example's default name prefix


def test_vpc_image_example(aws, example_root):
    """An ECR image by digest (package type Image, CMD overridden) in two private subnets, logging
    to the service's shared group.

    moto creates image functions without pulling the image (its ECR stub) and records the VPC
    config without creating network interfaces, so the proofs are the function's configuration
    and the role's network-interface statements, which must name this VPC's subnets and group.
    """
    lam, iam, logs = aws.client("lambda"), aws.client("iam"), aws.client("logs")
    root = example_root(VPC_IMAGE_EXAMPLE, env=aws.env)
    digest = "sha256:" + "4e" * 32

    with applied(root, {"image_digest": digest}) as outputs:
        function = outputs["function"]
        got = lam.get_function(FunctionName=VPC_IMAGE_NAME)
        assert got["Code"]["ImageUri"] == f"{outputs['repository_url']}@{digest}"
        assert got["Code"]["RepositoryType"] == "ECR"
        settings = got["Configuration"]
        assert settings["PackageType"] == "Image" and not settings.get("Handler") and not settings.get("Runtime")
        assert settings["ImageConfigResponse"]["ImageConfig"]["Command"] == ["app.handler"]
        assert sorted(settings["VpcConfig"]["SubnetIds"]) == sorted(outputs["subnet_ids"])
        assert settings["VpcConfig"]["SecurityGroupIds"] == [outputs["security_group_id"]]
        assert lam.get_function_concurrency(FunctionName=VPC_IMAGE_NAME)["ReservedConcurrentExecutions"] == 5

        # The shared group, not one of the module's own.
        assert settings["LoggingConfig"]["LogGroup"] == outputs["log_group_name"] == function["log_group_name"]
        assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{VPC_IMAGE_NAME}")["logGroups"]

        statements = _role_statements(iam, function["role_name"])
        interfaces = f"arn:aws:ec2:{aws.region}:{aws.account_id}:network-interface/*"
        assert statements["VpcDescribe"]["Resource"] == ["*"]
        assert statements["VpcCreateNetworkInterface"]["Resource"] == [
            interfaces,
            *(f"arn:aws:ec2:{aws.region}:*:subnet/{subnet}" for subnet in outputs["subnet_ids"]),
            f"arn:aws:ec2:{aws.region}:{aws.account_id}:security-group/{outputs['security_group_id']}",
        ]
        assert statements["VpcManageNetworkInterfaces"]["Resource"] == [interfaces]
        assert statements["Logs"]["Resource"] == [
            f"arn:aws:logs:{aws.region}:{aws.account_id}:log-group:{outputs['log_group_name']}:*"]

    assert not [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == VPC_IMAGE_NAME], "function left behind"


SNAP_NAME = "slsguard-snap-function"


def test_snap_start_logging_to_an_existing_group(aws, module_root, tmp_path):
    """A Java function with SnapStart on its published versions, logging to a group managed outside
    the module (a service's shared group): the module creates no group and writes only to that one.

    moto keeps SnapStart through the compat patch lambda_snap_start (it answers ApplyOn None for
    every function); it snapshots nothing, so OptimizationStatus is the patch's answer.
    """
    lam, logs, iam = aws.client("lambda"), aws.client("logs"), aws.client("iam")
    zip_path = tmp_path / "function.zip"
    packaging.build_zip(EXAMPLE / "src", zip_path)
    shared = f"/slsguard/{SNAP_NAME}/shared"
    companions = _companions(SNAP_NAME, "snap start test", ["logs:PutLogEvents"],
                             {"aws_cloudwatch_log_group": {"shared": {"name": shared, "retention_in_days": 14}}})
    inputs = {
        "name": SNAP_NAME,
        "package": {"zip_path": str(zip_path)},
        "handler": "orders.Handler::handleRequest",
        "runtime": "java21",
        "kms_key_arn": "${aws_kms_key.this.arn}",
        "permissions_boundary_arn": "${aws_iam_policy.boundary.arn}",
        "reserved_concurrency": 2,
        "publish": True,
        "snap_start": True,
        "existing_log_group_name": "${aws_cloudwatch_log_group.shared.name}",
        "alarms_enabled": False,
    }
    root = module_root("lambda-function", inputs, env=aws.env, extra=companions)

    with applied(root) as outputs:
        function = outputs["this"]
        latest = lam.get_function_configuration(FunctionName=SNAP_NAME)
        assert latest["SnapStart"]["ApplyOn"] == "PublishedVersions"
        version = lam.get_function_configuration(FunctionName=SNAP_NAME, Qualifier=function["function_version"])
        assert version["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}
        assert lam.get_alias(FunctionName=SNAP_NAME, Name="live")["FunctionVersion"] == function["function_version"] != "$LATEST"

        assert latest["LoggingConfig"]["LogGroup"] == shared == function["log_group_name"]
        assert function["log_group_arn"] == f"arn:aws:logs:{aws.region}:{aws.account_id}:log-group:{shared}"
        assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{SNAP_NAME}")["logGroups"], \
            "the module created a group of its own"
        statements = _role_statements(iam, function["role_name"])
        assert statements["Logs"]["Resource"] == [f"{function['log_group_arn']}:*"]

    assert not [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == SNAP_NAME], "function left behind"
