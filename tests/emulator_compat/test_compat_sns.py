"""Emulator compatibility of SNS (``slsguard.emulator.compat.sns``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.emulator


def test_sns_returns_signature_version_set_at_create_and_by_set_attributes(aws):
    sns = aws.client("sns")
    created = sns.create_topic(Name="compat-signed", Attributes={"SignatureVersion": "2"})["TopicArn"]
    assert sns.get_topic_attributes(TopicArn=created)["Attributes"]["SignatureVersion"] == "2"

    later = sns.create_topic(Name="compat-signed-later")["TopicArn"]
    assert "SignatureVersion" not in sns.get_topic_attributes(TopicArn=later)["Attributes"]
    sns.set_topic_attributes(TopicArn=later, AttributeName="SignatureVersion", AttributeValue="2")
    assert sns.get_topic_attributes(TopicArn=later)["Attributes"]["SignatureVersion"] == "2"
