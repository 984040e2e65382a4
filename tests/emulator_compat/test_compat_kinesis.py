"""Emulator compatibility of Kinesis (``slsguard.emulator.compat.kinesis``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator


def test_kinesis_keeps_the_tags_given_at_create(aws):
    kinesis = aws.client("kinesis")
    kinesis.create_stream(StreamName="compat-tagged", StreamModeDetails={"StreamMode": "ON_DEMAND"},
                          Tags={"owner": "orders-team", "service": "clicks"})
    listed = kinesis.list_tags_for_stream(StreamName="compat-tagged")["Tags"]
    assert {t["Key"]: t["Value"] for t in listed} == {"owner": "orders-team", "service": "clicks"}

    kinesis.create_stream(StreamName="compat-untagged", ShardCount=1)
    assert kinesis.list_tags_for_stream(StreamName="compat-untagged")["Tags"] == []
    kinesis.add_tags_to_stream(StreamName="compat-untagged", Tags={"owner": "orders-team"})
    assert kinesis.list_tags_for_stream(StreamName="compat-untagged")["Tags"] == [{"Key": "owner", "Value": "orders-team"}]
