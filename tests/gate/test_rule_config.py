"""Rule settings that only a non-default configuration exercises: the fixtures are judged with the
default configuration, so these tests prove what the settings change."""

from __future__ import annotations

from gate_support import FIXTURES, addresses, default_config, judge, load_fixture_plan


def test_resource_star_allowed_actions_lets_the_listed_actions_pass():
    root = FIXTURES / "SLS-IAM-003" / "bad"  # sqs:SendMessage on Resource '*'
    plan = load_fixture_plan(root)
    _, flagged = judge(plan, root)
    assert addresses(flagged, "SLS-IAM-003") == {"aws_iam_policy.bad"}
    config = dict(default_config(), resource_star_allowed_actions=["sqs:SendMessage"])
    _, allowed = judge(plan, root, config)
    assert addresses(allowed, "SLS-IAM-003") == set()
    # Another action stays forbidden.
    config = dict(default_config(), resource_star_allowed_actions=["sqs:ReceiveMessage"])
    _, other = judge(plan, root, config)
    assert addresses(other, "SLS-IAM-003") == {"aws_iam_policy.bad"}
