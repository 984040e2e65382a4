"""CloudWatch Logs: the log group class."""

from __future__ import annotations

from typing import Any

from slsguard.emulator.compat.registry import add_actions, patch


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

    add_actions(LogsResponse, create_log_group)
    LogGroup.to_describe_dict = to_describe_dict  # type: ignore[method-assign]
