"""Answers for the aws provider (5.100) calls that moto 5.2.x lacks or answers differently.

Each patch is a small function registered with ``@patch`` and documented with the provider
behaviour it fixes. They run inside the emulator process only (``server.py``), never in tests'
in-process moto mocks. Every patch has a test in ``tests/emulator_compat/``.

State that a patch adds lives in the moto backend instance it belongs to (``_state``), so that
moto's ``/moto-api/reset`` forgets it together with everything else: a backend reset rebuilds the
instance's ``__dict__``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

PATCHES: list[Callable[[], None]] = []
_JSON = {"Content-Type": "application/json"}


def patch(function: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append(function)
    return function


def apply_all() -> None:
    for function in PATCHES:
        function()


def _state(backend: Any, name: str, factory: Callable[[], Any] = dict) -> Any:
    """Per-backend storage of a patch, emptied by moto's reset like the backend's own data."""
    return backend.__dict__.setdefault(f"_slsguard_{name}", factory())


def _add_actions(response_class: type, *actions: Callable[..., Any]) -> None:
    """Make ``actions`` (named like moto's snake_case action methods) callable on a service."""
    for action in actions:
        setattr(response_class, action.__name__, action)


def _json_error(code: str, message: str, status: int = 400) -> Any:
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    error.code = status
    return error


# --- SQS -------------------------------------------------------------------------------------


def _compact_json(value: Any) -> str:
    """JSON the way SQS answers policy attributes: compact, keys sorted."""
    try:
        document = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


@patch
def sqs_redrive_allow_policy() -> None:
    """SQS ``GetQueueAttributes`` returns the ``RedriveAllowPolicy`` that was set.

    moto stores the attribute (CreateQueue / SetQueueAttributes, JSON and query protocols both
    end in ``Queue._set_attributes``) but never returns it, so ``aws_sqs_queue`` with
    ``redrive_allow_policy`` waited two minutes for the attribute to appear and then failed.
    An empty value (how the provider removes the policy) counts as absent, as in AWS.

    Both redrive attributes are answered as compact JSON, as SQS does: the provider stores the
    answer and compares it with the compacted configuration, so moto's ``json.dumps`` spacing
    made every plan after apply show a "whitespace changes" update of ``redrive_policy`` (and of
    ``redrive_allow_policy`` written with spaces).
    """
    from moto.sqs.models import Queue, SQSBackend

    original_attributes = Queue.attributes.fget

    def attributes(queue: Queue) -> dict[str, Any]:
        result = original_attributes(queue)
        policy = getattr(queue, "redrive_allow_policy", None)
        if policy:
            result["RedriveAllowPolicy"] = _compact_json(policy)
        if result.get("RedrivePolicy"):
            result["RedrivePolicy"] = _compact_json(result["RedrivePolicy"])
        return result

    Queue.attributes = property(attributes)  # type: ignore[method-assign,assignment]

    original_get = SQSBackend.get_queue_attributes

    def get_queue_attributes(self: SQSBackend, queue_name: str, attribute_names: list[str]) -> dict[str, Any]:
        # moto rejects the name when asked for it explicitly; answer it next to the others.
        if "RedriveAllowPolicy" not in (attribute_names or []):
            return original_get(self, queue_name, attribute_names)
        others = [name for name in attribute_names if name != "RedriveAllowPolicy"]
        result = original_get(self, queue_name, others) if others else {}
        policy = self.get_queue(queue_name).attributes.get("RedriveAllowPolicy")
        if policy:
            result["RedriveAllowPolicy"] = policy
        return result

    SQSBackend.get_queue_attributes = get_queue_attributes  # type: ignore[method-assign]


# --- Lambda ----------------------------------------------------------------------------------


@patch
def lambda_provisioned_concurrency() -> None:
    """Lambda ``Put/Get/Delete/ListProvisionedConcurrencyConfig(s)``.

    moto has no ``/functions/{name}/provisioned-concurrency`` route, so
    ``aws_lambda_provisioned_concurrency_config`` failed on create with an HTML 404. Configs are
    kept per function and qualifier (an alias or a published version, as in AWS) and are ready at
    once: ``Status`` READY, allocated = available = requested. Reading or deleting an absent config
    answers 404 ``ProvisionedConcurrencyConfigNotFoundException``, which the provider treats as
    "gone" after a destroy; deleting the function drops its configs.
    """
    from moto.awslambda import urls
    from moto.awslambda.models import LambdaBackend
    from moto.awslambda.responses import LambdaResponse
    from moto.core.utils import iso_8601_datetime_with_milliseconds, utcnow

    urls.url_paths[
        r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/provisioned-concurrency/?$"
    ] = LambdaResponse.dispatch

    def configs(backend: LambdaBackend) -> dict[tuple[str, str], dict[str, Any]]:
        return _state(backend, "provisioned_concurrency")

    def target(response: LambdaResponse) -> tuple[Any, str]:
        """The function version or alias the request names, and its qualifier."""
        name = unquote(response.path.split("?")[0].rstrip("/").split("/")[-2])
        qualifier = response.querystring.get("Qualifier", [None])[0]
        if not qualifier or qualifier == "$LATEST":
            raise _json_error(
                "InvalidParameterValueException",
                "Provisioned concurrency needs a Qualifier naming an alias or a published version.",
            )
        function = response.backend.get_function(name, qualifier)  # raises ResourceNotFound
        return function, qualifier

    def not_found(function_name: str, qualifier: str) -> Exception:
        return _json_error(
            "ProvisionedConcurrencyConfigNotFoundException",
            f"No Provisioned Concurrency Config found for this function: {function_name}:{qualifier}",
            404,
        )

    def describe(config: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in config.items() if key != "FunctionArn"}

    def put_provisioned_concurrency_config(self: LambdaResponse) -> Any:
        function, qualifier = target(self)
        requested = json.loads(self.body or "{}").get("ProvisionedConcurrentExecutions")
        if not isinstance(requested, int) or requested < 1:
            raise _json_error("InvalidParameterValueException",
                              "ProvisionedConcurrentExecutions must be an integer of at least 1.")
        config = {
            "FunctionArn": f"{function.function_arn.split(':function:')[0]}:function:"
                           f"{function.function_name}:{qualifier}",
            "RequestedProvisionedConcurrentExecutions": requested,
            "AvailableProvisionedConcurrentExecutions": requested,
            "AllocatedProvisionedConcurrentExecutions": requested,
            "Status": "READY",
            "LastModified": iso_8601_datetime_with_milliseconds(utcnow()),
        }
        configs(self.backend)[(function.function_name, qualifier)] = config
        return 202, {"status": 202, **_JSON}, json.dumps(describe(config))

    def get_provisioned_concurrency_config(self: LambdaResponse) -> Any:
        function, qualifier = target(self)
        config = configs(self.backend).get((function.function_name, qualifier))
        if config is None:
            raise not_found(function.function_name, qualifier)
        return 200, {"status": 200, **_JSON}, json.dumps(describe(config))

    def delete_provisioned_concurrency_config(self: LambdaResponse) -> Any:
        function, qualifier = target(self)
        if configs(self.backend).pop((function.function_name, qualifier), None) is None:
            raise not_found(function.function_name, qualifier)
        return 204, {"status": 204}, ""

    def list_provisioned_concurrency_configs(self: LambdaResponse) -> Any:
        name = unquote(self.path.split("?")[0].rstrip("/").split("/")[-2])
        function_name = self.backend.get_function(name).function_name
        found = [config for (owner, _), config in configs(self.backend).items() if owner == function_name]
        return 200, {"status": 200, **_JSON}, json.dumps({"ProvisionedConcurrencyConfigs": found})

    _add_actions(LambdaResponse, put_provisioned_concurrency_config, get_provisioned_concurrency_config,
                 delete_provisioned_concurrency_config, list_provisioned_concurrency_configs)

    original_delete = LambdaBackend.delete_function

    def delete_function(self: LambdaBackend, function_name: str, qualifier: str | None = None) -> None:
        name = self.get_function(function_name).function_name
        original_delete(self, function_name, qualifier)
        if qualifier is None and ":" not in function_name.split(":function:")[-1]:
            for key in [key for key in configs(self) if key[0] == name]:
                del configs(self)[key]

    LambdaBackend.delete_function = delete_function  # type: ignore[method-assign]


# --- Application Auto Scaling ----------------------------------------------------------------


@patch
def applicationautoscaling_tags() -> None:
    """Application Auto Scaling ``ListTagsForResource``, ``TagResource``, ``UntagResource``.

    moto ignores the ``Tags`` of ``RegisterScalableTarget`` and has no tagging actions, so
    ``aws_appautoscaling_target`` failed right after create when reading its tags. Tags are kept
    per scalable-target ARN, set from ``RegisterScalableTarget`` and dropped on deregistration;
    an ARN that names no target answers ``ResourceNotFoundException`` as in AWS.
    """
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def tags(backend: ApplicationAutoscalingBackend) -> dict[str, dict[str, str]]:
        return _state(backend, "tags")

    def known_arn(backend: ApplicationAutoscalingBackend, arn: str) -> str:
        for by_resource in backend.targets.values():
            if any(target.arn == arn for target in by_resource.values()):
                return arn
        raise _json_error("ResourceNotFoundException", f"No scalable target found for {arn}.")

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: ApplicationAutoScalingResponse) -> str:
        answer = original_register(self)
        requested = self._get_param("Tags") or {}
        if requested:
            tags(self.applicationautoscaling_backend).setdefault(
                json.loads(answer)["ScalableTargetARN"], {}).update(requested)
        return answer

    original_deregister = ApplicationAutoScalingResponse.deregister_scalable_target

    def deregister_scalable_target(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        dimension, resource_id = self._get_param("ScalableDimension"), self._get_param("ResourceId")
        target = backend.targets.get(dimension, {}).get(resource_id)
        answer = original_deregister(self)
        if target is not None:
            tags(backend).pop(target.arn, None)
        return answer

    def list_tags_for_resource(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        arn = known_arn(backend, self._get_param("ResourceARN"))
        return json.dumps({"Tags": tags(backend).get(arn, {})})

    def tag_resource(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        arn = known_arn(backend, self._get_param("ResourceARN"))
        tags(backend).setdefault(arn, {}).update(self._get_param("Tags") or {})
        return "{}"

    def untag_resource(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        arn = known_arn(backend, self._get_param("ResourceARN"))
        for key in self._get_param("TagKeys") or []:
            tags(backend).get(arn, {}).pop(key, None)
        return "{}"

    _add_actions(ApplicationAutoScalingResponse, register_scalable_target, deregister_scalable_target,
                 list_tags_for_resource, tag_resource, untag_resource)


# --- Budgets ---------------------------------------------------------------------------------


def _budget_arn(account_id: str, budget_name: str) -> str:
    return f"arn:aws:budgets::{account_id}:budget/{budget_name}"


@patch
def budgets_tags() -> None:
    """Budgets ``ListTagsForResource``, ``TagResource``, ``UntagResource``.

    moto drops the ``ResourceTags`` of ``CreateBudget`` and has no tagging actions, so
    ``aws_budgets_budget`` failed when reading its tags. Tags are kept per budget ARN
    (``arn:aws:budgets::ACCOUNT:budget/NAME``), set from ``CreateBudget`` and dropped with the
    budget; an ARN that names no budget answers ``NotFoundException``.
    """
    from moto.budgets.responses import BudgetsResponse

    def tags(response: BudgetsResponse) -> dict[str, dict[str, str]]:
        return _state(response.backend, "tags")

    def known_arn(response: BudgetsResponse, arn: str) -> str:
        prefix, _, name = arn.partition(":budget/")
        account_id = prefix.rsplit(":", 1)[-1]
        if not name or name not in response.backend.budgets.get(account_id, {}):
            raise _json_error("NotFoundException", f"Unable to find resource {arn}.")
        return arn

    original_create = BudgetsResponse.create_budget

    def create_budget(self: BudgetsResponse) -> str:
        answer = original_create(self)
        requested = self._get_param("ResourceTags") or []
        if requested:
            arn = _budget_arn(self._get_param("AccountId"), self._get_param("Budget")["BudgetName"])
            tags(self)[arn] = {tag["Key"]: tag.get("Value", "") for tag in requested}
        return answer

    original_delete = BudgetsResponse.delete_budget

    def delete_budget(self: BudgetsResponse) -> str:
        answer = original_delete(self)
        tags(self).pop(_budget_arn(self._get_param("AccountId"), self._get_param("BudgetName")), None)
        return answer

    def list_tags_for_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        found = tags(self).get(arn, {})
        return json.dumps({"ResourceTags": [{"Key": key, "Value": value} for key, value in found.items()]})

    def tag_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        requested = self._get_param("ResourceTags") or []
        tags(self).setdefault(arn, {}).update({tag["Key"]: tag.get("Value", "") for tag in requested})
        return "{}"

    def untag_resource(self: BudgetsResponse) -> str:
        arn = known_arn(self, self._get_param("ResourceARN"))
        for key in self._get_param("ResourceTagKeys") or []:
            tags(self).get(arn, {}).pop(key, None)
        return "{}"

    _add_actions(BudgetsResponse, create_budget, delete_budget, list_tags_for_resource, tag_resource,
                 untag_resource)


def _same_notification(stored: dict[str, Any], asked: dict[str, Any]) -> bool:
    """Notifications are identified by type, operator, threshold and threshold type."""
    def key(notification: dict[str, Any]) -> tuple[Any, ...]:
        return (notification.get("NotificationType"), notification.get("ComparisonOperator"),
                float(notification.get("Threshold", 0)), notification.get("ThresholdType", "PERCENTAGE"))
    return key(stored) == key(asked)


@patch
def budgets_describe_subscribers() -> None:
    """Budgets ``DescribeSubscribersForNotification``.

    moto keeps each notification's subscribers but cannot list them, so reading an
    ``aws_budgets_budget`` with a ``notification`` block failed. Answers the subscribers of the
    notification with the same type, operator, threshold and threshold type; an unknown budget or
    notification answers ``NotFoundException``.
    """
    from moto.budgets.responses import BudgetsResponse

    def describe_subscribers_for_notification(self: BudgetsResponse) -> str:
        account_id, budget_name = self._get_param("AccountId"), self._get_param("BudgetName")
        asked = self._get_param("Notification") or {}
        budget = self.backend.budgets.get(account_id, {}).get(budget_name)
        if budget is None:
            raise _json_error("NotFoundException", f"Unable to get budget: {budget_name} - the budget doesn't exist.")
        for notification in budget.notifications:
            if _same_notification(notification.details, asked):
                return json.dumps({"Subscribers": notification.subscribers})
        raise _json_error("NotFoundException", f"Unable to find the notification of budget {budget_name}.")

    _add_actions(BudgetsResponse, describe_subscribers_for_notification)


# --- CodeDeploy ------------------------------------------------------------------------------


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
            raise _json_error("ApplicationDoesNotExistException", f"No application found for name: {application_name}")
        backend.deployment_groups.get(application_name, {}).pop(self._get_param("deploymentGroupName"), None)
        return json.dumps({"hooksNotCleanedUp": []})

    def delete_application(self: CodeDeployResponse) -> str:
        backend = self.codedeploy_backend
        application_name = self._get_param("applicationName")
        if backend.applications.pop(application_name, None) is None:
            raise _json_error("ApplicationDoesNotExistException", f"No application found for name: {application_name}")
        backend.deployment_groups.pop(application_name, None)
        return "{}"

    _add_actions(CodeDeployResponse, delete_deployment_group, delete_application)


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


# --- CloudWatch Logs -------------------------------------------------------------------------


@patch
def logs_log_group_class() -> None:
    """CloudWatch Logs ``DescribeLogGroups`` returns each group's ``logGroupClass``.

    moto ignores ``logGroupClass`` on ``CreateLogGroup`` and never returns it, so an
    ``aws_cloudwatch_log_group`` with ``log_group_class`` planned a replacement right after apply
    (the attribute forces a new group). Kept from create; ``STANDARD`` (the AWS default) otherwise.
    """
    from moto.logs.models import LogGroup
    from moto.logs.responses import LogsResponse

    original_create = LogsResponse.create_log_group

    def create_log_group(self: LogsResponse) -> str:
        answer = original_create(self)
        group = self.logs_backend.groups[self._get_param("logGroupName")]
        group.log_group_class = self._get_param("logGroupClass") or "STANDARD"
        return answer

    original_describe = LogGroup.to_describe_dict

    def to_describe_dict(self: LogGroup) -> dict[str, Any]:
        return {**original_describe(self), "logGroupClass": getattr(self, "log_group_class", "STANDARD")}

    _add_actions(LogsResponse, create_log_group)
    LogGroup.to_describe_dict = to_describe_dict  # type: ignore[method-assign]


# --- Lambda logging configuration ------------------------------------------------------------


@patch
def lambda_logging_config() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` return the ``LoggingConfig``.

    moto drops ``LoggingConfig`` on create and update, so an ``aws_lambda_function`` with a
    ``logging_config`` block (JSON logs, a custom log group) planned an update right after apply.
    As AWS does, every function answers a config, defaulting to ``Text`` logs in
    ``/aws/lambda/NAME``, overlaid with what was set.
    """
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__

    def __init__(self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        self.logging_config = dict(spec.get("LoggingConfig") or {})

    original_get = LambdaFunction.get_configuration

    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        defaults = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}"}
        config["LoggingConfig"] = {**defaults, **getattr(self, "logging_config", {})}
        return config

    original_update = LambdaFunction.update_configuration

    def update_configuration(self: LambdaFunction, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "LoggingConfig" in config_updates:
            self.logging_config = dict(config_updates["LoggingConfig"] or {})
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


# --- KMS -------------------------------------------------------------------------------------

ROTATION_PERIOD_DEFAULT_DAYS = 365  # what KMS uses when EnableKeyRotation names no period
ROTATION_PERIOD_RANGE_DAYS = (90, 2560)


@patch
def kms_rotation_period() -> None:
    """KMS ``EnableKeyRotation`` keeps ``RotationPeriodInDays``; ``GetKeyRotationStatus`` returns it.

    moto ignores the period and answers only ``KeyRotationEnabled``, so the provider read 0 back
    for an ``aws_kms_key`` with ``rotation_period_in_days`` and every re-plan wanted to set it again.
    As in KMS, the period defaults to 365 days, must lie within 90..2560 (``ValidationException``
    otherwise) and is answered only while rotation is enabled.
    """
    from moto.kms.exceptions import ValidationException
    from moto.kms.responses import KmsResponse

    original_enable = KmsResponse.enable_key_rotation

    def enable_key_rotation(self: KmsResponse) -> str:
        period = self._get_param("RotationPeriodInDays")
        low, high = ROTATION_PERIOD_RANGE_DAYS
        if period is not None and not (isinstance(period, int) and low <= period <= high):
            raise ValidationException(
                f"1 validation error detected: Value '{period}' at 'rotationPeriodInDays' failed to satisfy "
                f"constraint: Member must have value between {low} and {high}")
        answer = original_enable(self)  # validates the key id
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        key.rotation_period_in_days = period or ROTATION_PERIOD_DEFAULT_DAYS
        return answer

    original_status = KmsResponse.get_key_rotation_status

    def get_key_rotation_status(self: KmsResponse) -> str:
        answer = json.loads(original_status(self))
        if answer.get("KeyRotationEnabled"):
            key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
            answer["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", ROTATION_PERIOD_DEFAULT_DAYS)
        return json.dumps(answer)

    _add_actions(KmsResponse, enable_key_rotation, get_key_rotation_status)


# --- DynamoDB --------------------------------------------------------------------------------


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
        return _state(backend, "contributor_insights")

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

    _add_actions(DynamoHandler, update_contributor_insights, describe_contributor_insights)

    original_delete = DynamoDBBackend.delete_table

    def delete_table(self: DynamoDBBackend, name: str) -> Any:
        table = original_delete(self, name)
        for key in [key for key in insights(self) if key[0] == table.name]:
            del insights(self)[key]
        return table

    DynamoDBBackend.delete_table = delete_table  # type: ignore[method-assign]


# --- API Gateway -----------------------------------------------------------------------------


@patch
def apigatewayv2_get_authorizers() -> None:
    """API Gateway v2 ``GetAuthorizers`` (list the authorizers of an API).

    moto has ``GetAuthorizer`` by id but not the list call, which the provider uses (data sources,
    import) and operators use to audit an API. Answers every authorizer of the API in one page, as
    moto's ``GetRoutes`` does; an unknown API answers ``NotFoundException``.
    """
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def get_authorizers(self: ApiGatewayV2Response) -> Any:
        api_id = self.path.split("?")[0].rstrip("/").split("/")[-2]
        api = self.apigatewayv2_backend.get_api(api_id)  # raises NotFoundException
        items = [authorizer.to_json() for authorizer in api.authorizers.values()]
        return 200, {}, json.dumps({"items": items})

    _add_actions(ApiGatewayV2Response, get_authorizers)


@patch
def apigateway_stage_method_settings_escaped_path() -> None:
    """API Gateway ``UpdateStage`` stores method settings of nested resources under their path.

    A patch path names a method as ``/{resource path}/{HTTP method}/{setting}``, e.g.
    ``/orders/{id}/GET/throttling/burstLimit`` (slashes of the resource path may also arrive
    escaped as ``~1``, JSON Pointer, RFC 6901). moto splits the path after its second segment, so
    for a nested resource it took ``orders/{id}`` as the method and ``GET/throttling/burstLimit``
    as an unknown setting, and dropped it: ``aws_api_gateway_method_settings`` of
    ``orders/{id}/GET`` then read back empty and failed the apply. API Gateway answers them under
    ``orders/{id}/GET``.
    """
    from moto.apigateway.models import Stage

    original_patch = Stage._patch_method_setting

    def _patch_method_setting(self: Stage, resource_path_and_method: str, key: str, value: str) -> None:
        path = resource_path_and_method.replace("~1", "/").replace("~0", "~")
        while self._method_settings_translations(key) is None and "/" in key:
            segment, key = key.split("/", 1)  # a segment of the resource path or the method
            path = f"{path}/{segment}"
        original_patch(self, path, key, value)

    Stage._patch_method_setting = _patch_method_setting  # type: ignore[method-assign]


# --- CodeDeploy: deployment configs and alarms -----------------------------------------------


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
        return _state(response.codedeploy_backend, "deployment_configs")

    def custom_name(response: CodeDeployResponse) -> str:
        name = response._get_param("deploymentConfigName") or ""
        if not name or name.startswith(BUILT_IN_DEPLOYMENT_CONFIG_PREFIX):
            raise _json_error("InvalidDeploymentConfigNameException",
                              f"{name!r} is not the name of a custom deployment configuration.")
        return name

    def create_deployment_config(self: CodeDeployResponse) -> str:
        name = custom_name(self)
        if name in configs(self):
            raise _json_error("DeploymentConfigAlreadyExistsException",
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
            raise _json_error("DeploymentConfigDoesNotExistException", f"No deployment configuration found for name: {name}")
        return json.dumps({"deploymentConfigInfo": configs(self)[name]})

    def delete_deployment_config(self: CodeDeployResponse) -> str:
        name = custom_name(self)
        if configs(self).pop(name, None) is None:
            raise _json_error("DeploymentConfigDoesNotExistException", f"No deployment configuration found for name: {name}")
        return "{}"

    _add_actions(CodeDeployResponse, create_deployment_config, get_deployment_config, delete_deployment_config)


# --- Lambda: dead-letter target, event source mappings on an alias ---------------------------


@patch
def lambda_dead_letter_config() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` return the ``DeadLetterConfig``.

    moto drops ``DeadLetterConfig`` on create and update, so an ``aws_lambda_function`` with a
    ``dead_letter_config`` block planned an update right after apply. Kept from create and update;
    an empty ``TargetArn`` (how the provider removes it) removes it, as in Lambda.
    """
    from moto.awslambda.models import LambdaFunction

    def target_of(config: dict[str, Any] | None) -> str | None:
        return (config or {}).get("TargetArn") or None

    original_init = LambdaFunction.__init__

    def __init__(self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        self.dead_letter_target_arn = target_of(spec.get("DeadLetterConfig"))

    original_get = LambdaFunction.get_configuration

    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        target = getattr(self, "dead_letter_target_arn", None)
        if target:
            config["DeadLetterConfig"] = {"TargetArn": target}
        return config

    original_update = LambdaFunction.update_configuration

    def update_configuration(self: LambdaFunction, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "DeadLetterConfig" in config_updates:
            self.dead_letter_target_arn = target_of(config_updates["DeadLetterConfig"])
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


def _alias_qualifier(function_name: str) -> str | None:
    """The alias a FunctionName (name, partial or full ARN, with a qualifier) names, if any."""
    qualifier = function_name.split(":function:")[-1].partition(":")[2]
    if not qualifier or qualifier == "$LATEST" or qualifier.isdigit():
        return None
    return qualifier


@patch
def lambda_event_source_mapping_on_alias() -> None:
    """Lambda event source mappings keep the alias ARN they were created or updated with.

    moto resolves an alias to its version and stores and answers the version's ARN
    (``...:function:f:1``) instead of the alias ARN (``...:function:f:live``), so an
    ``aws_lambda_event_source_mapping`` on an alias re-planned ``function_name`` after every apply
    (and would follow the version, not the alias, after a shift). Lambda answers the alias ARN.
    """
    from moto.awslambda.models import LambdaBackend

    def point_at_alias(mapping: Any, function_name: str) -> None:
        alias = _alias_qualifier(function_name)
        if alias:
            prefix, _, qualified = mapping.function_arn.partition(":function:")
            mapping.function_arn = f"{prefix}:function:{qualified.split(':')[0]}:{alias}"

    original_create = LambdaBackend.create_event_source_mapping

    def create_event_source_mapping(self: LambdaBackend, spec: dict[str, Any]) -> Any:
        requested = spec.get("FunctionName", "")
        mapping = original_create(self, spec)
        point_at_alias(mapping, requested)
        return mapping

    original_update = LambdaBackend.update_event_source_mapping

    def update_event_source_mapping(self: LambdaBackend, uuid: str, spec: dict[str, Any]) -> Any:
        mapping = original_update(self, uuid, spec)
        if mapping is not None and spec.get("FunctionName"):
            point_at_alias(mapping, spec["FunctionName"])
        return mapping

    LambdaBackend.create_event_source_mapping = create_event_source_mapping  # type: ignore[method-assign]
    LambdaBackend.update_event_source_mapping = update_event_source_mapping  # type: ignore[method-assign]


# --- SNS: signature version ------------------------------------------------------------------


@patch
def sns_signature_version() -> None:
    """SNS ``GetTopicAttributes`` returns the ``SignatureVersion`` that was set.

    moto stores the attribute (CreateTopic and SetTopicAttributes both ``setattr`` it on the
    topic) but never returns it, so ``aws_sns_topic`` with ``signature_version = 2`` read back 0
    and every plan after apply showed an update. Topics that never set it answer nothing, as
    moto did before (AWS answers its default "1").
    """
    from moto.sns.responses import SNSResponse

    original_get = SNSResponse.get_topic_attributes

    def get_topic_attributes(self: SNSResponse) -> Any:
        answer = original_get(self)
        topic = self.backend.get_topic(self._get_param("TopicArn"))
        version = getattr(topic, "signature_version", None)
        if version:
            answer.result["Attributes"]["SignatureVersion"] = str(version)
        return answer

    SNSResponse.get_topic_attributes = get_topic_attributes  # type: ignore[method-assign]
