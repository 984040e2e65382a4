from slsguard.gate.rule import Rule
from slsguard.rules._shared import action_covers, service_matches

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
    """(function address, topic address) pairs some permission lets SNS invoke."""
    pairs = set()
    for permission in ctx.model.of_type("aws_lambda_permission"):
        if not service_matches(permission.values.get("principal"), "sns") \
                or not action_covers(permission.values.get("action"), "lambda:InvokeFunction"):
            continue
        topics = ctx.facts.link(permission, "source_arn", types=TOPICS).targets
        for function in ctx.facts.link(permission, "function_name", types=FUNCTIONS):
            pairs.update((function.address, topic.address) for topic in topics)
    return pairs


def evaluate(ctx):
    granted = None
    for subscription in ctx.model.of_type("aws_sns_topic_subscription"):
        if subscription.values.get("protocol") != "lambda":
            continue
        functions = ctx.facts.link(subscription, "endpoint", types=FUNCTIONS)
        topics = ctx.facts.link(subscription, "topic_arn", types=TOPICS)
        if functions.untraced or topics.untraced or not functions.targets or not topics.targets:
            shown = ctx.values.text(subscription, "endpoint") or subscription.values.get("endpoint")
            yield ctx.finding(subscription, f"subscribes {shown!r}, which (or whose topic) is no function and topic "
                                            "of this plan, so its Lambda permission cannot be judged.")
            continue
        granted = _grants(ctx) if granted is None else granted
        for function in functions:
            for topic in topics:
                if (function.address, topic.address) not in granted:
                    yield ctx.finding(subscription, f"subscribes {function.address} to {topic.address}, but no "
                                                    "aws_lambda_permission lets sns.amazonaws.com invoke it with "
                                                    "that topic as source_arn.")
