"""API Gateway (REST and v2): authorizer lists, method settings of nested resources."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import JSON, add_actions, patch


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

    add_actions(ApiGatewayV2Response, get_authorizers)


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
