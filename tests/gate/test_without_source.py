"""Rules judged from the plan alone (the gate run without the .tf source beside it): the branches
that read planned values where the source would tell what the team wrote. The mutation runner
judges every fixture with its source, so these branches are proved here."""

from gate_support import FIXTURES, judge, load_fixture_plan


def findings_without_source(rule: str, variant: str) -> list[tuple[str, str]]:
    _, result = judge(load_fixture_plan(FIXTURES / rule / variant), None)
    return [(f.address, f.message) for f in result.findings if f.rule == rule]


def test_a_replica_key_known_only_at_apply_cannot_be_judged_without_the_source():
    # With the source, the written kms_key_arn passes (good-replica); the plan alone cannot tell
    # a customer key from the AWS-managed one the provider computes.
    assert findings_without_source("SLS-ENC-001", "good-replica") == [(
        "aws_dynamodb_table.good",
        "the key of the replica in eu-central-1 is unknown at plan time and the source is not "
        "available, so it cannot be judged.")]


def test_a_replica_with_a_known_aws_managed_key_fails_without_the_source_too():
    assert findings_without_source("SLS-ENC-001", "good-replica-key-arn") == []
    messages = [m for a, m in findings_without_source("SLS-ENC-001", "bad-replica-dynamic")
                if a == "aws_dynamodb_table.bad"]
    # The replica that sets no key is planned with a key computed at apply: unjudgeable.
    assert sorted(messages) == [
        "the key of the replica in eu-west-3 is unknown at plan time and the source is not available, "
        "so it cannot be judged.",
        "the replica in eu-north-1 uses the AWS-managed key arn:aws:kms:eu-north-1:123456789012:alias/aws/dynamodb."]


def test_a_log_group_named_literally_in_the_plan_counts_as_chosen_without_the_source():
    assert findings_without_source("SLS-OBS-005", "good") == []


def test_a_log_group_unknown_at_plan_is_not_taken_for_a_choice_without_the_source():
    # The provider's default group name is unknown at plan too: only the source tells them apart.
    assert [a for a, _ in findings_without_source("SLS-OBS-005", "good-group-at-apply")] == [
        "aws_lambda_function.good"]


def test_a_region_written_as_a_reference_cannot_be_known_without_the_source():
    # With the source, var.dr_region's default and the module's own provider place each function in
    # its Region (good-two-regions passes); the plan's provider_config holds only the references.
    [(address, message)] = findings_without_source("SLS-CON-002", "good-two-regions")
    assert address == "(plan)"
    assert message.startswith("functions in eu-west-1 reserve 2550 concurrent executions in total, 1700 of them by "
                              "functions whose Region is not known at plan time (the region of provider aws.dr "
                              "cannot be known: it is computed from var.dr_region and the provider block is not "
                              "in the .tf source; the region of provider module.good_legacy:aws cannot be known: "
                              "it is computed from var.region and the provider block is not in the .tf source)")


def test_method_settings_naming_their_api_through_values_cannot_be_linked_without_the_source():
    # The plan alone traces each unknown rest_api_id to itself: no crash, and no stage taken for
    # throttled (with the source, good-stage-by-name passes).
    findings = findings_without_source("SLS-API-001", "good-stage-by-name")
    unlinked = sorted(address for address, message in findings
                      if message.startswith("rest_api_id is unknown at plan time and names no one aws_api_gateway_rest_api"))
    assert unlinked == ['aws_api_gateway_method_settings.per_stage["prod"]',
                        'aws_api_gateway_method_settings.per_stage["staging"]',
                        'module.throttle["good_platform"].aws_api_gateway_method_settings.all',
                        'module.throttle["reports"].aws_api_gateway_method_settings.all']
