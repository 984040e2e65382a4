from slsguard.gate.rule import Rule
from slsguard.gate.wildcard import wildcard_match
from slsguard.rules._shared import action_covers, function_qualifier, service_matches, shown_qualifier

RULE = Rule(
    id="SLS-DLV-005",
    title="A function subscribed to an SNS topic has a Lambda permission for that topic",
    severity="high",
    rationale="SNS invokes a subscribed function only when the function's resource policy allows "
              "sns.amazonaws.com with the topic as source; without it the subscription applies cleanly "
              "and every message is dropped after SNS's retries.",
    remediation="Add an aws_lambda_permission with action lambda:InvokeFunction, principal "
                "sns.amazonaws.com, function_name the subscribed function (and qualifier the subscribed "
                "alias) and source_arn the topic's ARN.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html",
                "https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html"),
    types=("aws_sns_topic_subscription", "aws_lambda_permission"),
    engine_note="follows the subscription's endpoint and topic and each permission's function and source_arn",
)

FUNCTIONS, TOPICS = ("aws_lambda_function",), ("aws_sns_topic",)


def _grants(ctx):
    """(function address, qualifier, topic) triples some permission lets SNS invoke; a topic outside
    the plan may be an ARN pattern (Lambda stores source_arn as an ArnLike condition)."""
    triples = set()
    for permission in ctx.model.of_type("aws_lambda_permission"):
        if not service_matches(permission.values.get("principal"), "sns") \
                or not action_covers(permission.values.get("action"), "lambda:InvokeFunction"):
            continue
        sources = _topic_keys(ctx, permission, "source_arn")
        qualifier = function_qualifier(ctx, permission, "function_name", qualifier_argument="qualifier")
        for function in ctx.facts.link(permission, "function_name", types=FUNCTIONS):
            triples.update((function.address, qualifier, source) for source in sources)
    return triples


def _granted(ctx, granted, function, qualifier, topic):
    return (function.address, qualifier, topic) in granted or any(
        address == function.address and granted_qualifier == qualifier and _source_admits(ctx, source, topic)
        for address, granted_qualifier, source in granted)


def _source_admits(ctx, source, topic):
    """ArnLike (case-sensitive): a source_arn pattern admits a topic outside the plan by its ARN,
    and a topic of the plan by its name (its partition, region and account are taken from the
    pattern: as lenient as an exact ARN of another account's topic, which links by name too)."""
    if not topic.startswith("arn:"):
        fields = source.split(":")
        name = ctx.model.by_address[topic].values.get("name")
        if len(fields) != 6:
            return False
        topic = ":".join([*fields[:2], "sns", *fields[3:5], name if isinstance(name, str) else ""])
    return wildcard_match(source, topic, case_sensitive=True)


def _topic_keys(ctx, resource, attribute):
    """The topics an attribute names: their addresses, or the ARN itself for a topic outside the plan."""
    keys = {topic.address for topic in ctx.facts.link(resource, attribute, types=TOPICS)}
    value = ctx.values.attribute(resource, attribute)
    if isinstance(value, str) and value.startswith("arn:") and not keys:
        keys.add(value)
    return keys


def evaluate(ctx):
    granted = None
    for subscription in ctx.model.of_type("aws_sns_topic_subscription"):
        if subscription.values.get("protocol") != "lambda":
            continue
        functions = ctx.facts.link(subscription, "endpoint", types=FUNCTIONS)
        topics = _topic_keys(ctx, subscription, "topic_arn")
        if functions.untraced or not functions.targets:
            shown = ctx.values.text(subscription, "endpoint") or subscription.values.get("endpoint")
            yield ctx.finding(subscription, f"subscribes {shown!r}, which is no function of this plan, so its "
                                            "Lambda permission cannot be judged.")
            continue
        if not topics:
            shown = ctx.values.text(subscription, "topic_arn") or subscription.values.get("topic_arn")
            yield ctx.finding(subscription, f"topic_arn ({shown!r}) names no topic that can be traced, so the "
                                            "Lambda permission it needs cannot be judged.")
            continue
        granted = _grants(ctx) if granted is None else granted
        qualifier = function_qualifier(ctx, subscription, "endpoint")
        through = f" (alias {shown_qualifier(qualifier)})" if qualifier else ""
        for function in functions:
            for topic in sorted(topics):
                if not _granted(ctx, granted, function, qualifier, topic):
                    yield ctx.finding(subscription, f"subscribes {function.address}{through} to {topic}, but no "
                                                    f"aws_lambda_permission{' on that alias' if qualifier else ''} "
                                                    "lets sns.amazonaws.com invoke it with that topic as source_arn.")
