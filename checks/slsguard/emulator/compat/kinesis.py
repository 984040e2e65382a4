"""Kinesis: tags given at CreateStream."""

from __future__ import annotations

from typing import Any

from slsguard.emulator.compat.registry import patch


@patch
def kinesis_create_stream_tags() -> None:
    """Kinesis ``CreateStream`` keeps the ``Tags`` it is given.

    moto reads only the name, shard count and mode of the request, so a stream created with tags
    (the provider sends ``tags``/``default_tags`` in CreateStream) listed none, and every plan
    after apply wanted to add them again. Tags given later (AddTagsToStream) were already kept.
    """
    from moto.kinesis.responses import KinesisResponse

    original_create = KinesisResponse.create_stream

    def create_stream(self: KinesisResponse) -> Any:
        answer = original_create(self)
        tags = self._get_param("Tags")
        if tags:
            self.kinesis_backend.add_tags_to_stream(None, self._get_param("StreamName"), tags)
        return answer

    KinesisResponse.create_stream = create_stream  # type: ignore[method-assign]
