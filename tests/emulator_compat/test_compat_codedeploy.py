"""Emulator compatibility of CodeDeploy (``slsguard.emulator.compat.codedeploy``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import assume_role, error_code, provider_root
from harness.terraform import applied

pytestmark = pytest.mark.emulator


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


def test_codedeploy_app_and_lambda_deployment_group(tmp_path, toolchain, aws):
    root = provider_root(tmp_path, toolchain, aws, {
        "aws_iam_role": {"cd": {"name": "compat-tf-codedeploy",
                                "assume_role_policy": assume_role("codedeploy.amazonaws.com")}},
        "aws_codedeploy_app": {"app": {"name": "compat-tf-app", "compute_platform": "Lambda"}},
        "aws_codedeploy_deployment_group": {"dg": {
            "app_name": "${aws_codedeploy_app.app.name}", "deployment_group_name": "compat-tf-dg",
            "service_role_arn": "${aws_iam_role.cd.arn}",
            "deployment_config_name": "CodeDeployDefault.LambdaAllAtOnce",
            "deployment_style": [{"deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN"}],
        }},
    }, {"group": "${aws_codedeploy_deployment_group.dg.deployment_group_name}"})
    with applied(root) as outputs:
        assert outputs["group"] == "compat-tf-dg"
    assert "compat-tf-app" not in aws.client("codedeploy").list_applications()["applications"]
