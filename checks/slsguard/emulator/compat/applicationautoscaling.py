"""Application Auto Scaling: tags of scalable targets."""

from __future__ import annotations

import json

from slsguard.emulator.compat.registry import add_actions, json_error, patch, state


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
        return state(backend, "tags")

    def known_arn(backend: ApplicationAutoscalingBackend, arn: str) -> str:
        for by_resource in backend.targets.values():
            if any(target.arn == arn for target in by_resource.values()):
                return arn
        raise json_error("ResourceNotFoundException", f"No scalable target found for {arn}.")

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

    add_actions(ApplicationAutoScalingResponse, register_scalable_target, deregister_scalable_target,
                 list_tags_for_resource, tag_resource, untag_resource)
