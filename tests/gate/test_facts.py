"""Relationships the gate follows from values: an ARN names a resource of its own service only."""

from __future__ import annotations

from slsguard.gate.config import load_config
from slsguard.gate import engine
from slsguard.gate.arn import ArnFields, arn_fields, arn_name, service_named, written_region
from slsguard.gate.facts import Facts, _evaluated_queries
from slsguard.gate.model import Model
from slsguard.gate.values import UNKNOWN_FIELD, Partial, Unknown, as_text


def _change(type_, name, after):
    return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
            "change": {"actions": ["create"], "after": after, "after_unknown": {}}}


def test_an_arn_names_a_resource_of_its_own_service_only():
    plan = {"resource_changes": [
        _change("aws_sqs_queue", "orders", {"name": "orders", "arn": "arn:aws:sqs:eu-west-1:111122223333:orders"}),
        _change("aws_dynamodb_table", "orders", {"name": "orders", "arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}),
    ], "configuration": {"root_module": {}}}
    facts = Facts(Model(plan, None), load_config(None, engine.rule_ids()))
    both = ("aws_sqs_queue", "aws_dynamodb_table")
    by_queue_arn = facts.link_value("arn:aws:sqs:eu-west-1:111122223333:orders", both).targets
    assert [t.address for t in by_queue_arn] == ["aws_sqs_queue.orders"]
    by_url = facts.link_value("https://sqs.eu-west-1.amazonaws.com/111122223333/orders", both).targets
    assert [t.address for t in by_url] == ["aws_sqs_queue.orders"]
    by_stream = facts.link_value("arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026", both).targets
    assert [t.address for t in by_stream] == ["aws_dynamodb_table.orders"]
    assert sorted(t.address for t in facts.link_value("orders", both).targets) == [
        "aws_dynamodb_table.orders", "aws_sqs_queue.orders"]  # a bare name may be either


def test_an_arn_built_around_values_known_at_apply_names_what_its_known_name_part_names():
    plan = {"resource_changes": [
        _change("aws_iam_policy", "boundary", {"name": "boundary", "path": "/platform/"}),
        _change("aws_sqs_queue", "orders", {"name": "orders"}),
        {**_change("aws_caller_identity", "current", {}), "address": "data.aws_caller_identity.current", "mode": "data"},
    ], "configuration": {"root_module": {}}}
    facts = Facts(Model(plan, None), load_config(None, engine.rule_ids()))
    account = Unknown(frozenset({("data.aws_caller_identity.current", "account_id")}))
    policy = Partial(("arn:aws:iam::", account, ":policy/platform/boundary"))
    assert [t.address for t in facts.link_value(policy, ("aws_iam_policy",)).targets] == ["aws_iam_policy.boundary"]
    assert facts.link_value(policy, ("aws_iam_policy",)).untraced is None  # the account ID is traced
    queue = Partial(("arn:aws:sqs:", Unknown(frozenset({("data.aws_region.r", "name")})), ":", account, ":orders"))
    assert [t.address for t in facts.link_value(queue, ("aws_sqs_queue",)).targets] == ["aws_sqs_queue.orders"]
    by_url = Partial(("https://sqs.eu-west-1.amazonaws.com/", account, "/orders"))
    assert [t.address for t in facts.link_value(by_url, ("aws_sqs_queue",)).targets] == ["aws_sqs_queue.orders"]
    untraced = facts.link_value([Unknown(expression="var.a"), Unknown(expression="var.b")], ("aws_sqs_queue", "aws_sns_topic"))
    assert untraced.untraced == ("`var.b` cannot be traced to a aws_sqs_queue or aws_sns_topic; "
                                 "`var.a` cannot be traced to a aws_sqs_queue or aws_sns_topic")
    # The unknown part is (in) the name: nothing is named by text alone.
    for partial in (Partial(("arn:aws:iam::111122223333:policy/", account)), Partial(("orders", account)),
                    Partial(("arn:aws:", account, ":111122223333:orders"))):
        assert facts.link_value(partial, ("aws_iam_policy", "aws_sqs_queue")).targets == []


def test_a_partial_string_is_shown_with_what_each_unknown_part_is():
    account = Unknown(frozenset({("data.aws_caller_identity.current", "account_id")}))
    partial = Partial(("arn:aws:iam::", account, ":role/*"))
    assert partial.shown() == "arn:aws:iam::${account_id of data.aws_caller_identity.current}:role/*"
    assert partial.text(lambda part: "0") == "arn:aws:iam::0:role/*"
    assert as_text(partial) == "arn:aws:iam::\x00:role/*" and as_text("arn:aws:iam::1:role/*") == "arn:aws:iam::1:role/*"
    assert as_text(Partial(("arn:aws:iam::1:role/", account, "*"))) == "arn:aws:iam::1:role/\x00*"  # never role/*
    assert as_text(account) is None
    assert repr(partial) == "Partial(arn:aws:iam::${?}:role/*)"


def _role(after, after_unknown, source, tmp_path):
    (tmp_path / "main.tf").write_text(source)
    change = _change("aws_iam_role", "r", after)
    change["change"]["after_unknown"] = after_unknown
    facts = Facts(Model({"resource_changes": [change]}, tmp_path), load_config(None, engine.rule_ids()))
    return {use.attribute: use.policy for use in facts.identity_policies}


INLINE = '''
resource "aws_iam_role" "r" {
  name = "r"
  inline_policy {
    name   = "a"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
  }
  dynamic "inline_policy" {
    for_each = { b = "sqs:ReceiveMessage" }
    content {
      name   = inline_policy.key
      policy = jsonencode({ Statement = [{ Effect = "Allow", Action = inline_policy.value, Resource = "*" }] })
    }
  }
}
'''


def test_inline_policies_known_only_at_apply_are_read_from_their_blocks(tmp_path):
    """The plan holds inline_policy as a set: its unknown policies are evaluated from the source's
    static and dynamic blocks, in the source's order."""
    planned = [{"name": "a", "policy": None}, {"name": "b", "policy": None}]
    unknown = {"inline_policy": [{"policy": True}, {"policy": True}]}
    read = _role({"name": "r", "inline_policy": planned}, unknown, INLINE, tmp_path)
    assert {attribute: [s.actions for s in policy.statements] for attribute, policy in read.items()} == {
        "inline_policy[0]": [["sqs:SendMessage"]], "inline_policy[1]": [["sqs:ReceiveMessage"]]}


def test_inline_policies_whose_blocks_are_known_only_at_apply_cannot_be_judged(tmp_path):
    read = _role({"name": "r"}, {"inline_policy": True}, INLINE, tmp_path)
    assert [(attribute, policy.reason) for attribute, policy in read.items()] == [
        ("inline_policy[0]", "it is the inline_policy of aws_iam_role.r, known only after apply")]


def test_inline_policies_that_do_not_match_their_blocks_stay_as_planned(tmp_path):
    planned = [{"name": "a", "policy": None}]  # one planned, two written: not the same blocks
    read = _role({"name": "r", "inline_policy": planned}, {"inline_policy": [{"policy": True}]}, INLINE, tmp_path)
    assert [(attribute, policy.reason) for attribute, policy in read.items()] == [
        ("inline_policy[0]", "it is the inline_policy[0].policy of aws_iam_role.r, known only after apply")]


def test_inline_policies_not_written_are_none(tmp_path):
    """The provider computes inline_policy when no block is written (unknown in the plan)."""
    assert _role({"name": "r"}, {"inline_policy": True}, 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n',
                 tmp_path) == {}


def _queue(redrive, unknown, source, tmp_path):
    (tmp_path / "main.tf").write_text(source)
    change = _change("aws_sqs_queue", "q", {"name": "q", "redrive_policy": redrive})
    change["change"]["after_unknown"] = unknown
    queue = Model({"resource_changes": [change]}, tmp_path)
    return Facts(queue, load_config(None, engine.rule_ids())).redrive_policy(queue.by_address["aws_sqs_queue.q"])


def test_a_redrive_policy_that_cannot_be_read_says_why(tmp_path):
    source = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n  redrive_policy = strrev(aws_sqs_queue.dlq.arn)\n}\n'
    assert _queue(None, {"redrive_policy": True}, source, tmp_path).reason == (
        "the redrive policy cannot be evaluated: the function strrev() is not evaluated by slsguard")
    assert _queue("{", {}, source, tmp_path).reason == "the redrive policy is not valid JSON"
    assert _queue("[]", {}, source, tmp_path).reason == "the redrive policy is not an object"
    assert _queue('{"maxReceiveCount": 5}', {}, source, tmp_path) == {"maxReceiveCount": 5}


def test_inline_policies_known_only_at_apply_without_the_source_cannot_be_judged(tmp_path):
    """The plan's configuration leaves dynamic blocks out: only the source says none is written."""
    change = _change("aws_iam_role", "r", {"name": "r"})
    change["change"]["after_unknown"] = {"inline_policy": True}
    facts = Facts(Model({"resource_changes": [change]}, None), load_config(None, engine.rule_ids()))
    assert [(use.attribute, use.policy.reason) for use in facts.identity_policies] == [
        ("inline_policy[0]", "the inline_policy of aws_iam_role.r is known only after apply, and without the .tf "
                             "source slsguard cannot tell whether any is written")]


def test_a_metric_dimension_names_a_resource_by_its_name_only(tmp_path):
    """CloudWatch puts a function's or queue's name in its metrics: an ARN or URL there watches nothing."""
    function = _change("aws_lambda_function", "f", {"function_name": "orders"})
    function["change"]["after_unknown"] = {"arn": True}
    queue = _change("aws_sqs_queue", "q", {"name": "orders-dlq", "url": "https://sqs.eu-west-1.amazonaws.com/1/orders-dlq"})
    facts = Facts(Model({"resource_changes": [function, queue]}, tmp_path), load_config(None, engine.rule_ids()))

    def named(value, type_):
        return [resource.address for resource in facts._named_in_metrics(value, type_)]

    assert named("orders", "aws_lambda_function") == ["aws_lambda_function.f"]
    assert named("orders-dlq", "aws_sqs_queue") == ["aws_sqs_queue.q"]
    assert named("https://sqs.eu-west-1.amazonaws.com/1/orders-dlq", "aws_sqs_queue") == []
    assert named("arn:aws:lambda:eu-west-1:1:function:orders", "aws_lambda_function") == []
    assert named(Unknown(frozenset({("aws_lambda_function.f", "function_name")})), "aws_lambda_function") == [
        "aws_lambda_function.f"]
    assert named(Unknown(frozenset({("aws_lambda_function.f", "arn")})), "aws_lambda_function") == []
    assert named(Unknown(frozenset({("aws_sqs_queue.q", "name")})), "aws_lambda_function") == []
    assert named(Partial(("orders-", Unknown(frozenset({("aws_lambda_function.f", "function_name")})))),
                 "aws_lambda_function") == []
    assert named(None, "aws_lambda_function") == []


def test_alarm_metrics_skip_what_is_not_a_metric(tmp_path):
    alarm = _change("aws_cloudwatch_metric_alarm", "a", {"metric_query": [
        {"id": "e", "expression": "m1"}, {"id": "m", "metric": ["Errors", {"namespace": "AWS/Lambda"}]},
        {"id": "m1", "metric": [{"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": None}]}]})
    facts = Facts(Model({"resource_changes": [alarm]}, tmp_path), load_config(None, engine.rule_ids()))
    assert [(a.address, namespace, metric, dimensions) for a, namespace, metric, dimensions in facts.alarm_metrics] == [
        ("aws_cloudwatch_metric_alarm.a", "AWS/Lambda", "Errors", {})]


def test_an_iam_arn_is_indexed_by_its_name_whatever_its_path():
    assert arn_name("arn:aws:iam::123456789012:policy/platform/service-boundary") == "service-boundary"
    assert arn_name("arn:aws-us-gov:iam::123456789012:role/service-role/worker") == "worker"
    assert arn_name("arn:aws:iam::123456789012:role/worker") == "worker"
    assert arn_name("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com") == \
        "oidc-provider/token.actions.githubusercontent.com"
    assert arn_name("https://sqs.eu-west-1.amazonaws.com/123456789012/orders/") == "orders"
    assert arn_name("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders:*") == "/aws/lambda/orders"
    assert arn_name("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders") == "/aws/lambda/orders"
    assert arn_name("arn:aws:events:eu-west-1:123456789012:event-bus/orders") == "orders"
    assert arn_name("arn:aws:kms:eu-west-1:123456789012:key/1234abcd") == "1234abcd"
    assert arn_name("arn:aws:kms:eu-west-1:123456789012:alias/orders") == "alias/orders"
    assert arn_name("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026") == "orders"
    assert arn_name("arn:aws:lambda:eu-west-1:123456789012:function:orders:live") == "orders"
    assert arn_name("arn:aws:lambda:eu-west-1:123456789012:layer:deps") == "layer:deps"
    assert arn_name("arn:aws") == ""  # truncated: names nothing


def test_an_arn_has_six_fields_and_its_resource_keeps_its_colons():
    assert arn_fields("arn:aws:lambda:eu-west-1:123456789012:function:orders:live") == ArnFields(
        "aws", "lambda", "eu-west-1", "123456789012", "function:orders:live")
    assert arn_fields("arn:aws:iam::*") is None  # a pattern whose '*' spans fields: no fields to read
    assert arn_fields("orders:live") is None
    assert arn_fields("urn:aws:sqs:eu-west-1:123456789012:orders") is None
    assert written_region("arn:aws:sqs:eu-central-1:123456789012:orders") == "eu-central-1"
    assert written_region("arn:aws:iam::123456789012:role/worker") == ""  # global
    assert written_region(f"arn:aws:sqs:{UNKNOWN_FIELD}:123456789012:orders") is None  # known at apply
    assert service_named("arn:aws:sns:eu-west-1:123456789012:alerts") == "sns"
    assert service_named("https://sqs.eu-west-1.amazonaws.com/123456789012/orders") == "sqs"
    assert service_named("orders") is None


def test_the_sender_of_a_delivery_is_what_aws_source_arn_names(tmp_path):
    """An event target's rule, a subscription's topic, else the alarm or budget itself."""
    rule = _change("aws_cloudwatch_event_rule", "r", {"name": "orders"})
    target = _change("aws_cloudwatch_event_target", "t", {"rule": "orders"})
    topic = _change("aws_sns_topic", "n", {"name": "alerts", "arn": "arn:aws:sns:eu-west-1:1:alerts"})
    subscription = _change("aws_sns_topic_subscription", "s", {"topic_arn": "arn:aws:sns:eu-west-1:1:alerts"})
    alarm = _change("aws_cloudwatch_metric_alarm", "a", {"alarm_name": "errors"})
    model = Model({"resource_changes": [rule, target, topic, subscription, alarm]}, tmp_path)
    facts = Facts(model, load_config(None, engine.rule_ids()))
    assert {address: [sender.address for sender in facts.senders(model.by_address[address])]
            for address in ("aws_cloudwatch_event_target.t", "aws_sns_topic_subscription.s",
                            "aws_cloudwatch_metric_alarm.a")} == {
        "aws_cloudwatch_event_target.t": ["aws_cloudwatch_event_rule.r"],
        "aws_sns_topic_subscription.s": ["aws_sns_topic.n"],
        "aws_cloudwatch_metric_alarm.a": ["aws_cloudwatch_metric_alarm.a"]}


def test_a_name_names_resources_of_the_region_an_arn_or_the_holder_is_in():
    """A stack deployed in two Regions reuses every name: an ARN names its Region's resource, a bare
    name the one in the Region of the resource that holds it; IAM is global."""
    def queue(module, after):
        change = _change("aws_sqs_queue", "q", after)
        return {**change, "address": f"module.{module}.aws_sqs_queue.q", "module_address": f"module.{module}"}

    def call(provider):
        return {"module": {"resources": [{"address": "aws_sqs_queue.q", "provider_config_key": provider}]}}

    plan = {"resource_changes": [queue("primary", {"name": "orders"}), queue("dr", {"name": "orders"}),
                                 _change("aws_iam_policy", "p", {"name": "boundary"})],
            "configuration": {
                "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}},
                                    "aws.dr": {"name": "aws", "alias": "dr",
                                               "expressions": {"region": {"constant_value": "eu-central-1"}}}},
                "root_module": {"resources": [{"address": "aws_iam_policy.p", "provider_config_key": "aws"}],
                                "module_calls": {"primary": call("aws"), "dr": call("aws.dr")}}}}
    facts = Facts(Model(plan, None), load_config(None, engine.rule_ids()))
    primary, dr = (facts.model.by_address[f"module.{m}.aws_sqs_queue.q"] for m in ("primary", "dr"))
    queues = ("aws_sqs_queue",)

    def named(value, holder=None):
        return [t.address for t in facts.link_value(value, queues, holder).targets]

    assert facts.region_of(primary) == "eu-west-1" and facts.region_of(dr) == "eu-central-1"
    assert facts.same_region(primary, None) and not facts.same_region(primary, "eu-central-1")
    assert named("arn:aws:sqs:eu-central-1:111122223333:orders") == [dr.address]
    assert named("arn:aws:sqs:eu-west-1:111122223333:orders", dr) == [primary.address]  # the ARN says
    assert named("orders", dr) == [dr.address] and named("orders", primary) == [primary.address]
    assert named("orders") == [primary.address, dr.address]  # no Region to go by
    region_at_apply = Partial(("arn:aws:sqs:", Unknown(frozenset({("data.aws_region.r", "name")})), ":1:orders"))
    assert named(region_at_apply, dr) == [dr.address]
    policy = facts.link_value("arn:aws:iam::111122223333:policy/boundary", ("aws_iam_policy",), dr).targets
    assert [t.address for t in policy] == ["aws_iam_policy.p"]  # global: no Region to match


def test_an_alarm_evaluates_the_queries_its_returned_expression_reads():
    def metric(id_, name):
        return {"id": id_, "expression": None, "return_data": None,
                "metric": [{"namespace": "AWS/Lambda", "metric_name": name, "dimensions": {"FunctionName": "f"}}]}

    def expression(id_, text, returned=None):
        return {"id": id_, "expression": text, "return_data": returned, "metric": []}

    def ids(*queries):
        return sorted(query["id"] for query in _evaluated_queries(list(queries)))

    errors, throttles, invocations = metric("errors", "Errors"), metric("throttles", "Throttles"), \
        metric("invocations", "Invocations")
    assert ids(expression("e", "errors", True), errors, throttles) == ["e", "errors"]
    # Transitively, an id read twice once, and a metric returned itself.
    assert ids(expression("e", "100 * rate", True), expression("rate", "throttles / invocations + throttles"),
               errors, throttles, invocations) == ["e", "invocations", "rate", "throttles"]
    assert ids({**errors, "return_data": True, "expression": ""}, throttles) == ["errors"]
    # Expressions that refer to each other (AWS refuses them) end the walk.
    assert ids(expression("a", "b", True), expression("b", "a + errors"), errors, throttles) == ["a", "b", "errors"]
    # METRICS() reads every metric; an expression known only at apply, or no single returned query: all.
    every = ["e", "errors", "throttles"]
    assert ids(expression("e", "SUM(METRICS())", True), errors, throttles) == every
    assert ids(expression("e", Unknown(frozenset({("var.x", "")})), True), errors, throttles) == every
    assert ids(expression("e", "errors"), errors, throttles) == every
