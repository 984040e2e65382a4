"""CodeDeploy: deletes, deployment group answers, custom deployment configs."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import add_actions, json_error, patch, state


@patch
def codedeploy_deletes() -> None:
    """CodeDeploy ``DeleteDeploymentGroup`` and ``DeleteApplication``.

    moto can create but not delete, so destroying ``aws_codedeploy_deployment_group`` and
    ``aws_codedeploy_app`` failed. Deleting an application also deletes its deployment groups, as
    in AWS; deleting an absent deployment group succeeds (AWS does the same) and an absent
    application answers ``ApplicationDoesNotExistException``.
    """
    from moto.codedeploy.responses import CodeDeployResponse

    def delete_deployment_group(self: CodeDeployResponse) -> str:
        backend = self.codedeploy_backend
        application_name = self._get_param("applicationName")
        if application_name not in backend.applications:
            raise json_error("ApplicationDoesNotExistException", f"No application found for name: {application_name}")
        backend.deployment_groups.get(application_name, {}).pop(self._get_param("deploymentGroupName"), None)
        return json.dumps({"hooksNotCleanedUp": []})

    def delete_application(self: CodeDeployResponse) -> str:
        backend = self.codedeploy_backend
        application_name = self._get_param("applicationName")
        if backend.applications.pop(application_name, None) is None:
            raise json_error("ApplicationDoesNotExistException", f"No application found for name: {application_name}")
        backend.deployment_groups.pop(application_name, None)
        return "{}"

    add_actions(CodeDeployResponse, delete_deployment_group, delete_application)


@patch
def codedeploy_unset_load_balancer_info() -> None:
    """CodeDeploy deployment groups without a load balancer have no ``loadBalancerInfo``.

    moto answers ``loadBalancerInfo: {}`` for every deployment group; the provider turns that into
    an empty ``load_balancer_info`` block, so a plan right after creating a Lambda deployment group
    wanted to remove it. AWS leaves the field out when it was never set.
    """
    from moto.codedeploy import responses

    original_info = responses._deployment_group_info

    def deployment_group_info(deployment_group: Any) -> dict[str, Any]:
        info = original_info(deployment_group)
        if not info.get("loadBalancerInfo"):
            info.pop("loadBalancerInfo", None)
        return info

    responses._deployment_group_info = deployment_group_info


@patch
def codedeploy_alarm_configuration() -> None:
    """CodeDeploy ``GetDeploymentGroup`` returns the group's ``alarmConfiguration``.

    moto stores the configuration given to ``CreateDeploymentGroup`` but answers ``{}`` (a TODO),
    so an ``aws_codedeploy_deployment_group`` with rollback alarms re-planned its
    ``alarm_configuration`` after every apply. A group created without alarms keeps moto's ``{}``.
    """
    from moto.codedeploy import responses

    previous_info = responses._deployment_group_info

    def deployment_group_info(deployment_group: Any) -> dict[str, Any]:
        info = previous_info(deployment_group)
        if deployment_group.alarm_configuration:
            info["alarmConfiguration"] = deployment_group.alarm_configuration
        return info

    responses._deployment_group_info = deployment_group_info


BUILT_IN_DEPLOYMENT_CONFIG_PREFIX = "CodeDeployDefault."


@patch
def codedeploy_deployment_configs() -> None:
    """CodeDeploy ``CreateDeploymentConfig``, ``GetDeploymentConfig``, ``DeleteDeploymentConfig``.

    moto has no custom deployment configs, so ``aws_codedeploy_deployment_config`` (a canary or
    linear traffic shift for Lambda) failed on create. Configs are kept per name with what was
    given (``computePlatform``, ``trafficRoutingConfig``, ``minimumHealthyHosts``,
    ``zonalConfig``). As in CodeDeploy, a name that exists answers
    ``DeploymentConfigAlreadyExistsException``, an unknown one
    ``DeploymentConfigDoesNotExistException``, and the built-in ``CodeDeployDefault.*`` configs
    cannot be created or deleted (``InvalidDeploymentConfigNameException``).
    """
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random
    from moto.codedeploy.responses import CodeDeployResponse

    def configs(response: CodeDeployResponse) -> dict[str, dict[str, Any]]:
        return state(response.codedeploy_backend, "deployment_configs")

    def custom_name(response: CodeDeployResponse) -> str:
        name = response._get_param("deploymentConfigName") or ""
        if not name or name.startswith(BUILT_IN_DEPLOYMENT_CONFIG_PREFIX):
            raise json_error("InvalidDeploymentConfigNameException",
                              f"{name!r} is not the name of a custom deployment configuration.")
        return name

    def create_deployment_config(self: CodeDeployResponse) -> str:
        name = custom_name(self)
        if name in configs(self):
            raise json_error("DeploymentConfigAlreadyExistsException",
                              f"A deployment configuration with name {name} already exists.")
        config = {
            "deploymentConfigId": str(mock_random.uuid4()),
            "deploymentConfigName": name,
            "computePlatform": self._get_param("computePlatform") or "Server",
            "createTime": utcnow().timestamp(),
        }
        for field in ("trafficRoutingConfig", "minimumHealthyHosts", "zonalConfig"):
            if self._get_param(field):
                config[field] = self._get_param(field)
        configs(self)[name] = config
        return json.dumps({"deploymentConfigId": config["deploymentConfigId"]})

    def get_deployment_config(self: CodeDeployResponse) -> str:
        name = self._get_param("deploymentConfigName")
        if name not in configs(self):
            raise json_error("DeploymentConfigDoesNotExistException", f"No deployment configuration found for name: {name}")
        return json.dumps({"deploymentConfigInfo": configs(self)[name]})

    def delete_deployment_config(self: CodeDeployResponse) -> str:
        name = custom_name(self)
        if configs(self).pop(name, None) is None:
            raise json_error("DeploymentConfigDoesNotExistException", f"No deployment configuration found for name: {name}")
        return "{}"

    add_actions(CodeDeployResponse, create_deployment_config, get_deployment_config, delete_deployment_config)
