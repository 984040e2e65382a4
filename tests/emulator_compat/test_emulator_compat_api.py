"""API-level tests of every ``slsguard.emulator.compat`` patch and of the server's 501 answers.

Each test calls the emulator with boto3 the way the aws provider does and checks the answer the
provider depends on. Fast: no terraform.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.emulator


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


# --- SQS: RedriveAllowPolicy -----------------------------------------------------------------


def test_sqs_returns_redrive_allow_policy_set_at_create_and_by_set_attributes(aws):
    sqs = aws.client("sqs")
    deny_all = json.dumps({"redrivePermission": "denyAll"})  # with spaces; SQS answers compact JSON
    url = sqs.create_queue(QueueName="compat-allow", Attributes={"RedriveAllowPolicy": deny_all})["QueueUrl"]

    everything = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert everything["RedriveAllowPolicy"] == '{"redrivePermission":"denyAll"}'
    named = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedriveAllowPolicy", "QueueArn"])["Attributes"]
    assert named["RedriveAllowPolicy"] == '{"redrivePermission":"denyAll"}'
    assert named["QueueArn"].endswith(":compat-allow")

    by_queue = {"redrivePermission": "byQueue", "sourceQueueArns": [named["QueueArn"]]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": json.dumps(by_queue)})
    answered = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]["RedriveAllowPolicy"]
    assert answered == json.dumps(by_queue, separators=(",", ":"))

    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": ""})
    assert "RedriveAllowPolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_sqs_answers_redrive_policy_as_compact_json(aws):
    sqs = aws.client("sqs")
    dlq_url = sqs.create_queue(QueueName="compat-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source_url = sqs.create_queue(QueueName="compat-source", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})})["QueueUrl"]
    answered = sqs.get_queue_attributes(QueueUrl=source_url, AttributeNames=["All"])["Attributes"]["RedrivePolicy"]
    assert answered == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":3}}'


def test_sqs_queue_without_redrive_allow_policy_does_not_report_one(aws):
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName="compat-plain")["QueueUrl"]
    assert "RedriveAllowPolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


# --- Lambda: provisioned concurrency ---------------------------------------------------------


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


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


# --- Application Auto Scaling: tags ----------------------------------------------------------


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


# --- Budgets: tags and subscribers -----------------------------------------------------------


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


# --- CodeDeploy: deletes and load balancer info ----------------------------------------------


def test_codedeploy_delete_deployment_group_and_application(aws):
    codedeploy = aws.client("codedeploy")
    codedeploy.create_application(applicationName="compat-app", computePlatform="Lambda")
    for name in ("compat-dg", "compat-dg2"):
        codedeploy.create_deployment_group(
            applicationName="compat-app", deploymentGroupName=name,
            serviceRoleArn=f"arn:aws:iam::{aws.account_id}:role/compat-codedeploy",
            deploymentConfigName="CodeDeployDefault.LambdaAllAtOnce",
            deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"})

    group = codedeploy.get_deployment_group(applicationName="compat-app", deploymentGroupName="compat-dg")
    assert "loadBalancerInfo" not in group["deploymentGroupInfo"]

    assert codedeploy.delete_deployment_group(
        applicationName="compat-app", deploymentGroupName="compat-dg")["hooksNotCleanedUp"] == []
    assert codedeploy.list_deployment_groups(applicationName="compat-app")["deploymentGroups"] == ["compat-dg2"]

    codedeploy.delete_application(applicationName="compat-app")
    assert "compat-app" not in codedeploy.list_applications()["applications"]
    with pytest.raises(ClientError) as gone:
        codedeploy.get_deployment_group(applicationName="compat-app", deploymentGroupName="compat-dg2")
    assert error_code(gone) == "ApplicationDoesNotExistException"
    with pytest.raises(ClientError) as twice:
        codedeploy.delete_application(applicationName="compat-app")
    assert error_code(twice) == "ApplicationDoesNotExistException"


# --- Missing actions and routes: 501 NotImplemented, never retried ----------------------------


@pytest.mark.parametrize(("service", "call", "kwargs", "named"), [
    # JSON protocol, action unknown to moto: NotImplementedError inside moto
    ("codedeploy", "list_deployment_configs", {}, "list_deployment_configs"),
    # REST-JSON protocol, path moto has no route for
    ("lambda", "get_function_recursion_config", {"FunctionName": "compat-any"}, "/recursion-config"),
    # query (XML) protocol
    ("sts", "decode_authorization_message", {"EncodedMessage": "x"}, "decode_authorization_message"),
])
def test_missing_action_answers_501_naming_it_without_retries(aws, service, call, kwargs, named):
    client = aws.client(service)
    with pytest.raises(ClientError) as refused:
        getattr(client, call)(**kwargs)
    response = refused.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["Error"]["Code"] == "NotImplemented"
    assert named in response["Error"]["Message"]
    assert response["ResponseMetadata"]["RetryAttempts"] == 0


# --- CloudWatch Logs: log group class; Lambda: logging config --------------------------------


def test_logs_describe_log_groups_returns_the_log_group_class(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="/compat/infrequent", logGroupClass="INFREQUENT_ACCESS")
    logs.create_log_group(logGroupName="/compat/standard")
    groups = {group["logGroupName"]: group for group in logs.describe_log_groups(logGroupNamePrefix="/compat/")["logGroups"]}
    assert groups["/compat/infrequent"]["logGroupClass"] == "INFREQUENT_ACCESS"
    assert groups["/compat/standard"]["logGroupClass"] == "STANDARD"


def test_lambda_returns_logging_config_set_at_create_and_update(published_function):
    lambda_client = published_function
    default = lambda_client.get_function_configuration(FunctionName="compat-pc")["LoggingConfig"]
    assert default == {"LogFormat": "Text", "LogGroup": "/aws/lambda/compat-pc"}

    lambda_client.update_function_configuration(
        FunctionName="compat-pc", LoggingConfig={"LogFormat": "JSON", "LogGroup": "/compat/shared"})
    updated = lambda_client.get_function(FunctionName="compat-pc")["Configuration"]["LoggingConfig"]
    assert updated == {"LogFormat": "JSON", "LogGroup": "/compat/shared"}


# --- KMS: rotation period --------------------------------------------------------------------


def test_kms_keeps_the_rotation_period_while_rotation_is_enabled(aws):
    kms = aws.client("kms")
    key_id = kms.create_key(Description="compat rotation")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=180)
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (True, 180)

    kms.disable_key_rotation(KeyId=key_id)
    assert "RotationPeriodInDays" not in kms.get_key_rotation_status(KeyId=key_id)
    kms.enable_key_rotation(KeyId=key_id)  # no period: KMS uses 365 days
    assert kms.get_key_rotation_status(KeyId=key_id)["RotationPeriodInDays"] == 365


def test_kms_rejects_a_rotation_period_above_the_maximum(aws):
    # (botocore itself refuses periods below 90 days; the maximum is the server's to check)
    kms = aws.client("kms")
    key_id = kms.create_key(Description="compat rotation range")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as refused:
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=2561)
    assert error_code(refused) == "ValidationException"
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False


# --- DynamoDB: contributor insights ----------------------------------------------------------


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


# --- API Gateway: v2 authorizers list, escaped method-settings paths -------------------------


def test_apigatewayv2_get_authorizers_lists_every_authorizer(aws):
    apigw = aws.client("apigatewayv2")
    api_id = apigw.create_api(Name="compat-http", ProtocolType="HTTP")["ApiId"]
    created = {apigw.create_authorizer(ApiId=api_id, Name=name, AuthorizerType="JWT",
                                       IdentitySource=["$request.header.Authorization"],
                                       JwtConfiguration={"Audience": [name], "Issuer": "https://auth.example.com/"}
                                       )["AuthorizerId"]: name for name in ("users", "admins")}
    listed = apigw.get_authorizers(ApiId=api_id)["Items"]
    assert {item["AuthorizerId"]: item["Name"] for item in listed} == created
    assert all(item["JwtConfiguration"]["Audience"] == [item["Name"]] for item in listed)
    with pytest.raises(ClientError) as missing:
        apigw.get_authorizers(ApiId="nope123")
    assert error_code(missing) == "NotFoundException"


def test_apigateway_update_stage_keeps_nested_method_paths(aws):
    apigw = aws.client("apigateway")
    api_id = apigw.create_rest_api(name="compat-rest")["id"]
    root_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    apigw.put_method(restApiId=api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root_id, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api_id, stageName="v1")

    settings = apigw.update_stage(restApiId=api_id, stageName="v1", patchOperations=[
        {"op": "replace", "path": "/orders~1{id}/GET/throttling/burstLimit", "value": "20"},
        {"op": "replace", "path": "/health/GET/throttling/rateLimit", "value": "5"},
        # As the aws provider writes them: the nested resource path with plain slashes.
        {"op": "replace", "path": "/admin/orders/{id}/DELETE/metrics/enabled", "value": "true"},
    ])["methodSettings"]
    assert settings["orders/{id}/GET"]["throttlingBurstLimit"] == 20
    assert settings["admin/orders/{id}/DELETE"]["metricsEnabled"] is True
    assert settings["health/GET"]["throttlingRateLimit"] == 5.0
    assert not [key for key in settings if "~" in key]


# --- CodeDeploy: deployment configs, alarm configuration -------------------------------------


CANARY = {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5}}


def test_codedeploy_custom_deployment_config_lifecycle(aws):
    codedeploy = aws.client("codedeploy")
    created = codedeploy.create_deployment_config(
        deploymentConfigName="compat-canary", computePlatform="Lambda", trafficRoutingConfig=CANARY)
    info = codedeploy.get_deployment_config(deploymentConfigName="compat-canary")["deploymentConfigInfo"]
    assert info["deploymentConfigId"] == created["deploymentConfigId"]
    assert (info["computePlatform"], info["trafficRoutingConfig"]) == ("Lambda", CANARY)

    with pytest.raises(ClientError) as twice:
        codedeploy.create_deployment_config(
            deploymentConfigName="compat-canary", computePlatform="Lambda", trafficRoutingConfig=CANARY)
    assert error_code(twice) == "DeploymentConfigAlreadyExistsException"
    with pytest.raises(ClientError) as built_in:
        codedeploy.delete_deployment_config(deploymentConfigName="CodeDeployDefault.LambdaAllAtOnce")
    assert error_code(built_in) == "InvalidDeploymentConfigNameException"

    codedeploy.delete_deployment_config(deploymentConfigName="compat-canary")
    with pytest.raises(ClientError) as gone:
        codedeploy.get_deployment_config(deploymentConfigName="compat-canary")
    assert error_code(gone) == "DeploymentConfigDoesNotExistException"


def test_codedeploy_deployment_group_returns_its_alarm_configuration(aws):
    codedeploy = aws.client("codedeploy")
    codedeploy.create_application(applicationName="compat-alarms", computePlatform="Lambda")
    alarms = {"enabled": True, "ignorePollAlarmFailure": False, "alarms": [{"name": "compat-errors"}]}
    common = {"applicationName": "compat-alarms", "serviceRoleArn": f"arn:aws:iam::{aws.account_id}:role/compat-cd",
              "deploymentStyle": {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}}
    codedeploy.create_deployment_group(**common, deploymentGroupName="with-alarms", alarmConfiguration=alarms)
    codedeploy.create_deployment_group(**common, deploymentGroupName="without-alarms")

    with_alarms = codedeploy.get_deployment_group(applicationName="compat-alarms", deploymentGroupName="with-alarms")
    assert with_alarms["deploymentGroupInfo"]["alarmConfiguration"] == alarms
    without = codedeploy.get_deployment_group(applicationName="compat-alarms", deploymentGroupName="without-alarms")
    assert not without["deploymentGroupInfo"].get("alarmConfiguration")
    codedeploy.delete_application(applicationName="compat-alarms")


# --- Lambda: dead-letter target, event source mapping on an alias ----------------------------


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


# --- SNS: SignatureVersion -------------------------------------------------------------------


def test_sns_returns_signature_version_set_at_create_and_by_set_attributes(aws):
    sns = aws.client("sns")
    created = sns.create_topic(Name="compat-signed", Attributes={"SignatureVersion": "2"})["TopicArn"]
    assert sns.get_topic_attributes(TopicArn=created)["Attributes"]["SignatureVersion"] == "2"

    later = sns.create_topic(Name="compat-signed-later")["TopicArn"]
    assert "SignatureVersion" not in sns.get_topic_attributes(TopicArn=later)["Attributes"]
    sns.set_topic_attributes(TopicArn=later, AttributeName="SignatureVersion", AttributeValue="2")
    assert sns.get_topic_attributes(TopicArn=later)["Attributes"]["SignatureVersion"] == "2"
