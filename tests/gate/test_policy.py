"""The policy reader (slsguard.gate.policy) turns every way a policy is written into the same
statements: JSON text, jsonencode with ARNs known only at apply, and aws_iam_policy_document data
sources merged into one another. What it cannot read becomes Unjudgeable with the reason (fail
closed), never an empty policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate_support import FIXTURES, load_fixture_plan
from slsguard.gate.model import Model
from slsguard.gate.policy import (Policy, Unjudgeable, condition_keys, is_public_principal, parse_json_policy,
                                  policy_from_value, read_policy, service_principals)
from slsguard.gate.policy import _merged_by_sid, _short
from slsguard.gate.values import Encoded, Partial, Unevaluable, Unknown

# Queue policies assembled from aws_iam_policy_document data sources (see its main.tf).
DOCUMENTS = FIXTURES / "SLS-UNK-001" / "bad-documents"
ACCOUNT = "arn:aws:iam::123456789012"


@pytest.fixture(scope="module")
def documents() -> Model:
    return Model(load_fixture_plan(DOCUMENTS), DOCUMENTS)


@pytest.fixture(scope="module")
def documents_without_source() -> Model:
    """The same plan judged without its .tf files (only the plan's own configuration)."""
    return Model(load_fixture_plan(DOCUMENTS), None)


def _policy(text: str) -> Policy:
    policy = parse_json_policy(text)
    assert isinstance(policy, Policy), policy
    return policy


def _unjudgeable(value) -> str:
    assert isinstance(value, Unjudgeable), value
    return value.reason


def _queue_policy(model: Model, name: str):
    return read_policy(model, model.by_address[f"aws_sqs_queue_policy.{name}"], "policy")


def _from(address: str, attribute: str = "json") -> Unknown:
    return Unknown(frozenset({(address, attribute)}))


# -- JSON text ------------------------------------------------------------------------------------
def test_every_element_of_a_json_statement_is_read():
    policy = _policy(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Producer", "Effect": "Allow", "Principal": {"AWS": f"{ACCOUNT}:role/producer", "Service": None},
         "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:123456789012:orders",
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}},
        {"Effect": "Deny", "NotPrincipal": {"AWS": [f"{ACCOUNT}:role/admin"]}, "NotAction": ["sqs:Get*"],
         "NotResource": "arn:aws:sqs:eu-west-1:123456789012:orders", "Condition": "not an object"},
    ]}))
    producer, guard = policy.statements
    assert policy.origin == "plan"
    assert producer.allows is True and guard.allows is False
    assert producer.sid == "Producer" and guard.sid == ""
    assert producer.actions == ["sqs:SendMessage"] and producer.not_actions is None
    assert producer.resources == ["arn:aws:sqs:eu-west-1:123456789012:orders"] and producer.not_resources is None
    # A principal type without identifiers is kept as a type with none.
    assert producer.principals == {"AWS": [f"{ACCOUNT}:role/producer"], "Service": []}
    assert producer.not_principals is None
    assert producer.conditions == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    assert guard.actions is None and guard.not_actions == ["sqs:Get*"]
    assert guard.resources is None and guard.not_resources == ["arn:aws:sqs:eu-west-1:123456789012:orders"]
    assert guard.principals is None and guard.not_principals == {"AWS": [f"{ACCOUNT}:role/admin"]}
    assert guard.conditions is None  # a Condition that is not an object holds no key


def test_principal_forms():
    star, odd = _policy(json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
        # Not "*" and not an object: kept, under a type no rule trusts.
        {"Effect": "Allow", "Principal": f"{ACCOUNT}:root", "Action": "sqs:SendMessage", "Resource": "*"},
    ]})).statements
    assert star.principals == {"*": ["*"]} and is_public_principal(star)
    assert odd.principals == {"?": [f"{ACCOUNT}:root"]} and not is_public_principal(odd)


def test_a_single_statement_object_is_a_list_of_one():
    policy = _policy('{"Statement": {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}}')
    assert [s.actions for s in policy.statements] == [["logs:PutLogEvents"]]
    assert _policy('{"Version": "2012-10-17"}').statements == []


@pytest.mark.parametrize(("text", "reason"), [
    ("{not json", "the policy is not valid JSON"),
    ('["Statement"]', "the policy is not a JSON object"),
    ('{"Statement": ["sqs:SendMessage"]}', "a statement is not an object"),
    ('{"Statement": [{"Action": "sqs:SendMessage", "Resource": "*"}]}',
     "a statement has an effect slsguard cannot read (None)"),
    ('{"Statement": [{"Effect": "allow", "Action": "sqs:SendMessage", "Resource": "*"}]}',
     "a statement has an effect slsguard cannot read ('allow')"),
    ('{"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", 7], "Resource": "*"}]}',
     "a statement's actions are computed at apply time (7)"),
    ('{"Statement": [{"Effect": "Deny", "NotAction": [null], "Resource": "*"}]}',
     "a statement's actions are computed at apply time (None)"),
])
def test_what_json_text_cannot_say_is_unjudgeable(text, reason):
    assert _unjudgeable(parse_json_policy(text)) == reason


# -- evaluated values ---------------------------------------------------------------------------
QUEUE_ARN = Unknown(frozenset({("aws_sqs_queue.orders", "arn")}))
UNTRACED = Unknown(expression="timestamp()")


def _document(**statement) -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", **statement}]}


def test_values_that_are_no_policy_at_all():
    assert policy_from_value(None, None) is None
    assert policy_from_value(None, "") is None
    assert _unjudgeable(policy_from_value(None, ["sqs:SendMessage"])) == "the policy is a list, not a JSON document"
    assert _unjudgeable(policy_from_value(None, Unevaluable("the function foo() is not evaluated"))) == \
        "the function foo() is not evaluated"


def test_json_text_and_structures_with_unknown_arns_are_read():
    text = policy_from_value(None, json.dumps(_document(Resource="*")))
    assert isinstance(text, Policy) and text.origin == "plan" and text.statements[0].resources == ["*"]
    encoded = policy_from_value(None, Encoded(_document(Resource=QUEUE_ARN)))
    assert isinstance(encoded, Policy) and encoded.origin == "configuration"
    assert encoded.statements[0].resources == [QUEUE_ARN]
    plain = policy_from_value(None, _document(Resource=[QUEUE_ARN, "arn:aws:sqs:eu-west-1:1:dlq"]))
    assert isinstance(plain, Policy) and plain.origin == "configuration"
    assert plain.statements[0].resources == [QUEUE_ARN, "arn:aws:sqs:eu-west-1:1:dlq"]


def test_a_template_with_unknown_parts_is_read_once_they_are_filled_in():
    heredoc = Partial(('{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "', QUEUE_ARN,
                       '"}]}'))
    policy = policy_from_value(None, heredoc)
    assert isinstance(policy, Policy) and policy.origin == "configuration"
    assert policy.statements[0].resources == [QUEUE_ARN]
    broken = Partial(('{"Statement": [', QUEUE_ARN))
    assert _unjudgeable(policy_from_value(None, broken)) == "the policy is not JSON once its known parts are filled in"


@pytest.mark.parametrize(("document", "reason"), [
    (UNTRACED, "the whole document is `timestamp()`, known only after apply"),
    ({"Statement": UNTRACED}, "its Statement list is `timestamp()`, known only after apply"),
    (_document(Effect=QUEUE_ARN, Resource="*"),
     "a statement has an effect slsguard cannot read (the arn of aws_sqs_queue.orders)"),
    (_document(Action=[QUEUE_ARN], Resource="*"),
     "a statement's actions are computed at apply time (the arn of aws_sqs_queue.orders)"),
    (_document(Resource=UNTRACED), "a statement's Resource is `timestamp()`, which no resource of the plan names "
                                   "as it is, so what it names cannot be known"),
    (_document(NotResource=[UNTRACED]), "a statement's NotResource is `timestamp()`, which no resource of the plan "
                                        "names as it is, so what it names cannot be known"),
    (_document(Resource="*", Principal={"AWS": UNTRACED}),
     "a statement's Principal is `timestamp()`, which no resource of the plan names as it is, so what it names "
     "cannot be known"),
    (_document(Resource="*", NotPrincipal={"AWS": [UNTRACED]}),
     "a statement's NotPrincipal is `timestamp()`, which no resource of the plan names as it is, so what it names "
     "cannot be known"),
])
def test_what_a_structure_cannot_say_is_unjudgeable(document, reason):
    assert _unjudgeable(policy_from_value(None, Encoded(document))) == reason


def test_arns_traced_to_resources_are_judgeable_anywhere_in_a_statement():
    policy = policy_from_value(None, Encoded(_document(Resource=QUEUE_ARN, NotResource=QUEUE_ARN,
                                                       Principal={"AWS": QUEUE_ARN})))
    assert isinstance(policy, Policy) and policy.statements[0].principals == {"AWS": [QUEUE_ARN]}


@pytest.mark.parametrize(("source", "names_it"), [
    (("aws_s3_bucket.b", "arn"), True), (("aws_s3_bucket.b", "bucket"), True),
    (('module.m["a.b"].aws_sqs_queue.q[0]', "url"), True), (("aws_iam_role.r", "unique_id"), True),
    # What a document's statement names is read from its source; a leaf left traced to the
    # document is one whose source could not be followed.
    (("data.aws_iam_policy_document.d", "statement[0].resources[0]"), False),
    (("aws_db_instance.d", "master_user_secret[0].secret_arn"), True),
    # What an ARN is made of and can never be "*": a partition, a region, a random suffix.
    (("data.aws_partition.p", "partition"), True), (("data.aws_region.r", "name"), True),
    (("data.aws_region.r", "region"), True), (("random_id.suffix", "hex"), True),
    (("data.aws_partition.p", "dns_suffix"), True), (("random_string.s", "result"), False),
    # A value a resource holds is whatever it holds: "*" included.
    (("aws_ssm_parameter.p", "value"), False), (('module.m["x"].data.aws_ssm_parameter.p', "value"), False),
    (("aws_secretsmanager_secret_version.v", "secret_string"), False),
    (("data.terraform_remote_state.shared", "outputs.queue_arn"), False),
])
def test_only_an_identifier_of_a_resource_names_it(source, names_it):
    value = Unknown(frozenset({source}))
    policy = policy_from_value(None, Encoded(_document(Resource=value)))
    assert isinstance(policy, Policy) is names_it
    assert value.names_its_sources is names_it
    # In a principal, known text frames any part (IAM refuses wildcards inside a principal's ARN): a
    # role called orders.
    framed = Partial(("arn:aws:iam::", value, ":role/orders"))
    assert isinstance(policy_from_value(None, Encoded(_document(Resource="*", Principal={"AWS": framed}))), Policy)
    assert isinstance(policy_from_value(None, Encoded(_document(Resource="*", NotPrincipal={"AWS": framed}))), Policy)
    # In a resource it frames nothing: "arn:aws:s3:::${value}/*" is every bucket's objects when the
    # value is "*".
    objects = Partial(("arn:aws:s3:::", value, "/*"))
    assert objects.names_its_sources is names_it
    judged = policy_from_value(None, Encoded(_document(Resource=objects)))
    assert isinstance(judged, Policy) is names_it
    if not names_it:
        assert _unjudgeable(judged) == (f"a statement's Resource is {objects.describe()}, which no resource of the "
                                        "plan names as it is, so what it names cannot be known")
    mixed = Partial((QUEUE_ARN, "/", value))
    assert mixed.names_its_sources is names_it
    assert isinstance(policy_from_value(None, Encoded(_document(Resource=mixed))), Policy) is names_it


# -- aws_iam_policy_document ------------------------------------------------------------------
def test_documents_merged_into_a_document_are_all_read(documents):
    policy = _queue_policy(documents, "good_merged")
    assert isinstance(policy, Policy) and policy.origin == "policy document"
    by_sid = {statement.sid: statement for statement in policy.statements}
    # As the provider merges: source_policy_documents (one merging an inline jsonencode and an empty
    # input) and source_json (minified), its own, override_policy_documents and override_json.
    assert list(by_sid) == ["DenyInsecureTransport", "Audit", "AuditQueue", "Legacy", "Owner", "FromTopic", "Consumer"]
    assert by_sid["Audit"].principals == {"AWS": [f"{ACCOUNT}:role/audit"]} and by_sid["Audit"].resources == ["*"]
    transport = by_sid["DenyInsecureTransport"]
    assert transport.effect == "Deny" and transport.actions == ["sqs:*"]
    assert transport.principals == {"*": ["*"]} and is_public_principal(transport)
    assert transport.conditions == {"Bool": {"aws:SecureTransport": ["false"]}}
    # The plan traces an unknown leaf only to the document; its source, to the queue it names.
    assert [r.addresses for r in transport.resources] == [["aws_sqs_queue.orders"]]
    topic = by_sid["FromTopic"]
    assert topic.effect == "Allow"  # a document statement's effect defaults to Allow
    assert topic.principals == {"Service": ["sns.amazonaws.com"]} and service_principals(topic) == ["sns.amazonaws.com"]
    assert condition_keys(topic) == {"aws:sourcearn"}
    assert isinstance(topic.conditions["ArnEquals"]["aws:SourceArn"][0], Unknown)
    assert by_sid["Legacy"].principals == {"AWS": [f"{ACCOUNT}:role/legacy"]}
    assert by_sid["Consumer"].actions == ["sqs:DeleteMessage"]
    owner = by_sid["Owner"]
    assert owner.principals == {"AWS": [f"{ACCOUNT}:root"]} and not is_public_principal(owner)
    assert owner.not_actions is None and owner.not_resources is None and owner.conditions is None


def test_not_principals_not_actions_and_not_resources_of_a_document(documents):
    policy = _queue_policy(documents, "good_not_principals")
    assert isinstance(policy, Policy)
    (statement,) = policy.statements
    assert statement.sid == "OnlyAdmins" and statement.effect == "Deny"
    assert statement.principals is None
    assert statement.not_principals == {"AWS": [f"{ACCOUNT}:role/admin", f"{ACCOUNT}:role/operator"]}
    assert statement.actions is None and statement.not_actions == ["sqs:GetQueueAttributes"]
    assert statement.resources is None and [type(r) for r in statement.not_resources] == [Unknown]
    assert is_public_principal(statement)  # everyone except the two roles


def test_documents_merged_nine_deep_are_followed_ten_are_not(documents):
    nine = _queue_policy(documents, "good_nine_levels")
    assert isinstance(nine, Policy) and [s.sid for s in nine.statements] == ["Level1"]
    assert _unjudgeable(_queue_policy(documents, "bad_ten_levels")).startswith(
        "data.aws_iam_policy_document.level1 merges documents nested too deeply")


@pytest.mark.parametrize(("name", "reason"), [
    ("bad_computed_type", "data.aws_iam_policy_document.computed_type has a principal type known only after apply"),
    ("bad_computed_test", "data.aws_iam_policy_document.computed_test has a condition known only after apply"),
    ("bad_computed_statements",
     "data.aws_iam_policy_document.computed_statements has statements known only after apply"),
])
def test_what_a_document_computes_at_apply_is_unjudgeable(documents, name, reason):
    assert _unjudgeable(_queue_policy(documents, name)) == f"{reason} (`data.aws_iam_policy_document.{name[4:]}.json`)"


@pytest.mark.parametrize(("block", "reason"), [
    ("statement", "has a statement slsguard cannot read"),
    ("principals", "has a principal type known only after apply"),
    ("not_principals", "has a principal type known only after apply"),
    ("condition", "has a condition known only after apply"),
])
def test_a_document_element_known_only_after_apply_is_unjudgeable(block, reason):
    """after_unknown may mark a whole nested block unknown, not only its leaves."""
    plan = load_fixture_plan(DOCUMENTS)
    change = next(c["change"] for c in plan["resource_changes"]
                  if c["address"] == "data.aws_iam_policy_document.legacy")
    if block == "statement":
        change["after"]["statement"], change["after_unknown"]["statement"] = [None], [True]
    else:
        change["after"]["statement"][0][block], change["after_unknown"]["statement"][0][block] = [None], [True]
    model = Model(plan, None)  # the plan alone: its source would say what the block is
    assert _unjudgeable(policy_from_value(model, _from("data.aws_iam_policy_document.legacy"))) == \
        f"data.aws_iam_policy_document.legacy {reason}"


def test_a_document_is_read_only_through_its_json(documents):
    document = "data.aws_iam_policy_document.legacy"
    for attribute in ("json", "minified_json"):
        policy = policy_from_value(documents, _from(document, attribute))
        assert isinstance(policy, Policy) and [s.sid for s in policy.statements] == ["Legacy"]
    # Its id, another resource's ARN, a resource not in the plan: only known after apply.
    for value in (_from(document, "id"), _from("aws_sqs_queue.orders", "arn"), _from("aws_sqs_queue.gone", "arn"),
                  Unknown(frozenset({(document, "json"), ("aws_sqs_queue.orders", "arn")}))):
        assert _unjudgeable(policy_from_value(documents, value)).endswith("known only after apply")


def test_one_unreadable_document_makes_the_merge_unreadable(documents):
    merged = Unknown(frozenset({("data.aws_iam_policy_document.legacy", "json"),
                                ("data.aws_iam_policy_document.computed_type", "json")}))
    assert _unjudgeable(policy_from_value(documents, merged)) == \
        "data.aws_iam_policy_document.computed_type has a principal type known only after apply"
    both = policy_from_value(documents, Unknown(frozenset({("data.aws_iam_policy_document.legacy", "json"),
                                                           ("data.aws_iam_policy_document.consumer", "json")})))
    assert isinstance(both, Policy) and both.origin == "policy document"
    assert sorted(s.sid for s in both.statements) == ["Consumer", "Legacy"]


def test_a_document_read_during_the_plan_is_read_from_its_json():
    """terraform reads a document whose arguments are all known while planning: only its json (where
    override_policy_documents has already replaced the statement with the same sid) says what it grants."""
    rendered = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:1:orders",
         "Principal": {"Service": "sns.amazonaws.com"}}]})
    statement = {"sid": "Send", "effect": "Allow", "actions": ["sqs:*"], "resources": ["*"], "principals": [],
                 "not_principals": [], "condition": [], "not_actions": None, "not_resources": None}
    plan = {"format_version": "1.2", "resource_changes": [], "configuration": {"root_module": {}},
            "prior_state": {"values": {"root_module": {"resources": [
                {"address": "data.aws_iam_policy_document.shared", "mode": "data", "type": "aws_iam_policy_document",
                 "name": "shared", "values": {"json": rendered, "minified_json": rendered, "statement": [statement],
                                              "override_policy_documents": [rendered]}}]}}}}
    policy = policy_from_value(Model(plan, None), _from("data.aws_iam_policy_document.shared"))
    assert isinstance(policy, Policy) and policy.origin == "policy document"
    assert [(s.sid, s.actions) for s in policy.statements] == [("Send", ["sqs:SendMessage"])]


# -- read_policy --------------------------------------------------------------------------------
def test_a_computed_policy_that_is_not_written_is_no_policy(documents):
    # aws_sqs_queue.policy is computed when the queue's policy lives in aws_sqs_queue_policy.
    queue = documents.by_address["aws_sqs_queue.orders"]
    assert queue.is_unknown("policy")
    assert read_policy(documents, queue, "policy") is None
    assert read_policy(documents, queue, "no_such_attribute") is None


def test_without_the_source_an_unreadable_policy_says_so(documents_without_source):
    queue = documents_without_source.by_address["aws_sqs_queue.orders"]
    assert _unjudgeable(read_policy(documents_without_source, queue, "policy")) == (
        "it is the policy of aws_sqs_queue.orders, known only after apply "
        "(the .tf source is not available to recover it)")


def test_without_the_source_documents_are_found_through_the_plans_configuration(documents_without_source):
    # Found, nine levels deep; what their unknown resources name is only in the .tf source.
    assert _unjudgeable(_queue_policy(documents_without_source, "good_nine_levels")) == (
        "a statement's Resource is the statement[0].resources[0] of data.aws_iam_policy_document.level1, which no "
        "resource of the plan names as it is, so what it names cannot be known (the .tf source is not available "
        "to recover it)")
    assert _unjudgeable(_queue_policy(documents_without_source, "bad_computed_type")) == (
        "data.aws_iam_policy_document.computed_type has a principal type known only after apply "
        "(the .tf source is not available to recover it)")


def test_source_text_in_a_reason_is_shortened():
    assert _short("x" * 120) == "x" * 120
    assert _short("x" * 121) == "x" * 117 + "..."
    assert len(_short("y" * 500)) == 120


# -- statement helpers ----------------------------------------------------------------------------
def test_public_principals():
    def statement(**principal):
        return _policy(json.dumps(_document(Resource="*", **principal))).statements[0]

    assert is_public_principal(statement(Principal={"AWS": "*"}))
    assert is_public_principal(statement(Principal={"AWS": [f"{ACCOUNT}:root", "*"]}))
    assert not is_public_principal(statement(Principal={"Service": "*"}))  # a service, not an account
    assert not is_public_principal(statement(Principal={"AWS": f"{ACCOUNT}:root"}))
    assert not is_public_principal(statement())  # an identity policy names no principal
    assert is_public_principal(statement(NotPrincipal={"AWS": f"{ACCOUNT}:root"}))


def test_service_principals_and_condition_keys():
    statement = _policy(json.dumps(_document(Resource="*", Principal={"Service": ["logs.amazonaws.com", 3],
                                                                     "AWS": f"{ACCOUNT}:root"},
                                             Condition={"StringEquals": {"aws:SourceAccount": "1"},
                                                        "Bool": "true"}))).statements[0]
    assert service_principals(statement) == ["logs.amazonaws.com"]
    assert condition_keys(statement) == {"aws:sourceaccount"}
    bare = _policy(json.dumps(_document(Resource="*"))).statements[0]
    assert service_principals(bare) == [] and condition_keys(bare) == set()


RETRACED = '''
resource "aws_iam_role" "r" {
  name = "r"
}
resource "aws_ssm_parameter" "p" {
  name  = "p"
  type  = "String"
  value = aws_iam_role.r.arn
}
data "aws_iam_policy_document" "d" {
  statement {
    not_resources = [aws_iam_role.r.arn]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.r.arn]
    }
    not_principals {
      type        = "AWS"
      identifiers = [aws_iam_role.r.arn]
    }
  }
  dynamic "statement" {
    for_each = { x = "AWS" }
    content {
      resources = ["*"]
      principals {
        type        = statement.value
        identifiers = [aws_ssm_parameter.p.value]
      }
    }
  }
}
'''


def _retraced_model(tmp_path: Path, second_statement: bool) -> Model:
    """A document read at apply whose unknown leaves the plan traces only to the document."""
    source = RETRACED if second_statement else RETRACED[:RETRACED.index('  dynamic "statement"')] + "}\n"
    (tmp_path / "main.tf").write_text(source)
    statement = {"not_resources": [None], "principals": [{"type": "AWS", "identifiers": [None]}],
                 "not_principals": [{"type": "AWS", "identifiers": [None]}]}
    marks = {"not_resources": [True], "principals": [{"identifiers": [True]}],
             "not_principals": [{"identifiers": [True]}]}
    statements, unknown = [statement], [marks]
    if second_statement:
        statements.append({"resources": ["*"], "principals": [{"type": "AWS", "identifiers": [None]}]})
        unknown.append({"principals": [{"identifiers": [True]}]})

    def change(address, mode, type_, after, after_unknown):
        return {"address": address, "mode": mode, "type": type_, "name": address.split(".")[-1],
                "change": {"actions": ["create" if mode == "managed" else "read"], "after": after,
                           "after_unknown": after_unknown}}

    plan = {"resource_changes": [
        change("aws_iam_role.r", "managed", "aws_iam_role", {"name": "r"}, {"arn": True}),
        change("aws_ssm_parameter.p", "managed", "aws_ssm_parameter", {"name": "p", "type": "String"}, {"value": True}),
        change("data.aws_iam_policy_document.d", "data", "aws_iam_policy_document", {"statement": statements},
               {"statement": unknown, "json": True}),
    ]}
    return Model(plan, tmp_path)


def test_a_documents_unknown_leaves_are_traced_through_its_source(tmp_path):
    """The plan traces them to the document; its source, to the role each one is."""
    policy = policy_from_value(_retraced_model(tmp_path, False), _from("data.aws_iam_policy_document.d"))
    assert isinstance(policy, Policy)
    statement = policy.statements[0]
    assert [value.addresses for value in statement.not_resources] == [["aws_iam_role.r"]]
    assert [value.addresses for value in statement.principals["AWS"]] == [["aws_iam_role.r"]]
    assert [value.addresses for value in statement.not_principals["AWS"]] == [["aws_iam_role.r"]]


@pytest.mark.parametrize("source", [None, "one statement"])
def test_a_document_whose_source_cannot_be_followed_cannot_be_judged(tmp_path, source):
    """Without its source, or with a source that does not expand to the planned statements, the
    document's unknown leaves are only "something the document holds" (a parameter's value, '*')."""
    model = _retraced_model(tmp_path, True)
    if source is None:
        (tmp_path / "main.tf").unlink()
    else:
        (tmp_path / "main.tf").write_text(RETRACED[:RETRACED.index('  dynamic "statement"')] + "}\n")
    model = Model(model.plan, tmp_path)
    assert _unjudgeable(policy_from_value(model, _from("data.aws_iam_policy_document.d"))) == (
        "a statement's NotResource is the statement[0].not_resources[0] of data.aws_iam_policy_document.d, which no "
        "resource of the plan names as it is, so what it names cannot be known")


def test_a_documents_principal_from_a_parameter_value_cannot_be_judged(tmp_path):
    """Through a dynamic statement block too: a parameter's value may be anyone."""
    policy = policy_from_value(_retraced_model(tmp_path, True), _from("data.aws_iam_policy_document.d"))
    assert _unjudgeable(policy) == ("a statement's Principal is the value of aws_ssm_parameter.p, which no resource "
                                    "of the plan names as it is, so what it names cannot be known")


def test_merged_documents_replace_statements_by_sid_as_the_provider_does():
    """The order terraform 1.11 / aws 5.100 planned for a document whose sources, own statements and
    overrides share Sids (each a statement allowing "<origin>:<sid>")."""
    def document(*statements):
        return _policy(json.dumps({"Statement": [
            {**({"Sid": sid} if sid else {}), "Effect": "Allow", "Action": action, "Resource": "*"}
            for sid, action in statements]}))

    merged = _merged_by_sid([
        document(("S1", "src:S1")), document((None, "blank:x")), document(("Own", "src:own")),  # sources
        document(("Own", "own:own"), ("Own2", "own:own2"), (None, "own:blank")),  # its own statements
        document(("Own", "ovr:own"), ("OV", "ovr:OV")), document((None, "blank:x")),  # overrides
    ])
    assert [(s.sid, s.actions) for s in merged.statements] == [
        ("S1", ["src:S1"]), ("", ["blank:x"]), ("Own", ["ovr:own"]), ("Own2", ["own:own2"]), ("", ["own:blank"]),
        ("OV", ["ovr:OV"]), ("", ["blank:x"])]
    assert merged.origin == "policy document"
    unreadable = Unjudgeable("the override is not JSON")
    assert _merged_by_sid([document(("S1", "src:S1")), unreadable]) is unreadable


CONDITIONS = '''
resource "aws_sns_topic" "t" {
  name = "t"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.t.arn]
    }
    dynamic "condition" {
      for_each = aws_sns_topic.t.arn == "" ? [] : ["o-abcd123456"]
      content {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = [condition.value]
      }
    }
  }
}
'''


@pytest.mark.parametrize("dynamic_known", [True, False])
def test_a_documents_condition_values_are_traced_through_its_source(tmp_path, dynamic_known):
    """aws:SourceArn = the topic's ARN, which the plan traces only to the document. A condition
    list known only at apply (a dynamic block over what is known then) stays as planned."""
    source = CONDITIONS.replace('aws_sns_topic.t.arn == "" ? [] : ', "") if dynamic_known else CONDITIONS
    (tmp_path / "main.tf").write_text(source)
    condition = {"test": "ArnEquals", "variable": "aws:SourceArn", "values": [None]}
    statement = {"actions": ["sqs:SendMessage"], "resources": ["*"],
                 "condition": [condition, {"test": "StringEquals", "variable": "aws:PrincipalOrgID",
                                           "values": ["o-abcd123456"]}] if dynamic_known else None}
    marks = {"condition": [{"values": [True]}, {}]} if dynamic_known else {"condition": True}
    plan = {"resource_changes": [
        {"address": "aws_sns_topic.t", "mode": "managed", "type": "aws_sns_topic", "name": "t",
         "change": {"actions": ["create"], "after": {"name": "t"}, "after_unknown": {"arn": True}}},
        {"address": "data.aws_iam_policy_document.d", "mode": "data", "type": "aws_iam_policy_document", "name": "d",
         "change": {"actions": ["read"], "after": {"statement": [statement]},
                    "after_unknown": {"statement": [marks], "json": True}}}]}
    policy = policy_from_value(Model(plan, tmp_path), _from("data.aws_iam_policy_document.d"))
    if dynamic_known:
        assert [value.addresses for value in policy.statements[0].conditions["ArnEquals"]["aws:SourceArn"]] == [
            ["aws_sns_topic.t"]]
    else:
        assert _unjudgeable(policy) == "data.aws_iam_policy_document.d has a condition known only after apply"
