"""Lambda: provisioned concurrency, configuration fields moto drops or invents, event source mappings on an alias."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from slsguard.emulator.compat.registry import JSON, add_actions, json_error, patch, state


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
        return state(backend, "provisioned_concurrency")

    def target(response: LambdaResponse) -> tuple[Any, str]:
        """The function version or alias the request names, and its qualifier."""
        name = unquote(response.path.split("?")[0].rstrip("/").split("/")[-2])
        qualifier = response.querystring.get("Qualifier", [None])[0]
        if not qualifier or qualifier == "$LATEST":
            raise json_error(
                "InvalidParameterValueException",
                "Provisioned concurrency needs a Qualifier naming an alias or a published version.",
            )
        function = response.backend.get_function(name, qualifier)  # raises ResourceNotFound
        return function, qualifier

    def not_found(function_name: str, qualifier: str) -> Exception:
        return json_error(
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
            raise json_error("InvalidParameterValueException",
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
        return 202, {"status": 202, **JSON}, json.dumps(describe(config))

    def get_provisioned_concurrency_config(self: LambdaResponse) -> Any:
        function, qualifier = target(self)
        config = configs(self.backend).get((function.function_name, qualifier))
        if config is None:
            raise not_found(function.function_name, qualifier)
        return 200, {"status": 200, **JSON}, json.dumps(describe(config))

    def delete_provisioned_concurrency_config(self: LambdaResponse) -> Any:
        function, qualifier = target(self)
        if configs(self.backend).pop((function.function_name, qualifier), None) is None:
            raise not_found(function.function_name, qualifier)
        return 204, {"status": 204}, ""

    def list_provisioned_concurrency_configs(self: LambdaResponse) -> Any:
        name = unquote(self.path.split("?")[0].rstrip("/").split("/")[-2])
        function_name = self.backend.get_function(name).function_name
        found = [config for (owner, _), config in configs(self.backend).items() if owner == function_name]
        return 200, {"status": 200, **JSON}, json.dumps({"ProvisionedConcurrencyConfigs": found})

    add_actions(LambdaResponse, put_provisioned_concurrency_config, get_provisioned_concurrency_config,
                 delete_provisioned_concurrency_config, list_provisioned_concurrency_configs)

    original_delete = LambdaBackend.delete_function

    def delete_function(self: LambdaBackend, function_name: str, qualifier: str | None = None) -> None:
        name = self.get_function(function_name).function_name
        original_delete(self, function_name, qualifier)
        if qualifier is None and ":" not in function_name.split(":function:")[-1]:
            for key in [key for key in configs(self) if key[0] == name]:
                del configs(self)[key]

    LambdaBackend.delete_function = delete_function  # type: ignore[method-assign]


def keep_configuration_field(field: str, kept: Callable[[Any], Any],
                             answered: Callable[[Any, Any], Any]) -> None:
    """Keep a field of a function's configuration that moto drops (the "moto lacks this
    attribute" pattern): ``kept(value)`` of the request's ``field`` is stored on the function at
    ``CreateFunction`` and at ``UpdateFunctionConfiguration`` when the update names the field, and
    ``GetFunction`` / ``GetFunctionConfiguration`` answer ``answered(function, stored)`` as
    ``field`` (left out when that is None). A function created before the patch reads ``kept(None)``.
    """
    from moto.awslambda.models import LambdaFunction

    attribute = f"_slsguard_{field}"
    original_init = LambdaFunction.__init__

    def __init__(self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        setattr(self, attribute, kept(spec.get(field)))

    original_get = LambdaFunction.get_configuration

    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        answer = answered(self, getattr(self, attribute, kept(None)))
        if answer is not None:
            config[field] = answer
        return config

    original_update = LambdaFunction.update_configuration

    def update_configuration(self: LambdaFunction, config_updates: dict[str, Any]) -> dict[str, Any]:
        if field in config_updates:
            setattr(self, attribute, kept(config_updates[field]))
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


@patch
def lambda_logging_config() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` return the ``LoggingConfig``.

    moto drops ``LoggingConfig`` on create and update, so an ``aws_lambda_function`` with a
    ``logging_config`` block (JSON logs, a custom log group) planned an update right after apply.
    As AWS does, every function answers a config, defaulting to ``Text`` logs in
    ``/aws/lambda/NAME``, overlaid with what was set.
    """
    keep_configuration_field(
        "LoggingConfig",
        kept=lambda config: dict(config or {}),
        answered=lambda function, config: {
            "LogFormat": "Text", "LogGroup": f"/aws/lambda/{function.function_name}", **config},
    )


@patch
def lambda_dead_letter_config() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` return the ``DeadLetterConfig``.

    moto drops ``DeadLetterConfig`` on create and update, so an ``aws_lambda_function`` with a
    ``dead_letter_config`` block planned an update right after apply. Kept from create and update;
    an empty ``TargetArn`` (how the provider removes it) removes it, as in Lambda.
    """
    keep_configuration_field(
        "DeadLetterConfig",
        kept=lambda config: (config or {}).get("TargetArn") or None,
        answered=lambda function, target: {"TargetArn": target} if target else None,
    )


@patch
def lambda_snap_start() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` return the ``SnapStart`` that was set.

    moto answers ``{"ApplyOn": "None", "OptimizationStatus": "Off"}`` for every function, so an
    ``aws_lambda_function`` with ``snap_start { apply_on = "PublishedVersions" }`` planned an
    update right after apply. Kept from create and update; as in Lambda, the published versions
    of such a function answer ``OptimizationStatus`` On and ``$LATEST`` Off.
    """
    keep_configuration_field(
        "SnapStart",
        kept=lambda config: (config or {}).get("ApplyOn") or "None",
        answered=lambda function, apply_on: {
            "ApplyOn": apply_on,
            "OptimizationStatus": "On" if apply_on == "PublishedVersions" and str(function.version).isdigit() else "Off",
        },
    )


@patch
def lambda_image_config_only_when_set() -> None:
    """Lambda ``GetFunction`` / ``GetFunctionConfiguration`` leave out an empty ``ImageConfigResponse``.

    moto answers ``{"ImageConfig": {"Command": [], "EntryPoint": []}}`` for every image function,
    so an ``aws_lambda_function`` of package type Image without an ``image_config`` block read one
    back and planned its removal right after apply. Lambda answers it only when something of the
    image's CMD, ENTRYPOINT or WORKDIR is overridden.
    """
    from moto.awslambda.models import LambdaFunction

    original_get = LambdaFunction.get_configuration

    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        overrides = config.get("ImageConfigResponse", {}).get("ImageConfig", {})
        if "ImageConfigResponse" in config and not any(overrides.values()):
            del config["ImageConfigResponse"]
        return config

    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]


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
