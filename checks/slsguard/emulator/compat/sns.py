"""SNS: the signature version."""

from __future__ import annotations

from typing import Any

from slsguard.emulator.compat.registry import patch


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
