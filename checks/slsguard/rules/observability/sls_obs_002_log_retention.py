from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending

RULE = Rule(
    id="SLS-OBS-002",
    title="Log groups have a finite retention",
    severity="medium",
    rationale="Logs kept forever cost money forever and keep personal data longer than any policy allows.",
    remediation="Set retention_in_days (e.g. 30 for functions, 365 for audit logs).",
    references=("Security Hub CloudWatch.16",
                "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html",
                "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html"),
    types=("aws_cloudwatch_log_group",),
)


def evaluate(ctx):
    for group in ctx.model.of_type("aws_cloudwatch_log_group"):
        retention = ctx.values.attribute(group, "retention_in_days")
        if isinstance(retention, int) and retention > 0:
            continue
        # The Delivery class keeps events one day whatever retention_in_days says. Unset, the class
        # is planned as unknown: it is the API's default, STANDARD (None here, as a class written null).
        log_class = ctx.values.attribute(group, "log_group_class") if "log_group_class" in group.expressions else None
        if log_class == "DELIVERY":
            continue
        if is_pending(retention):
            yield ctx.finding(group, f"{ctx.values.describe_missing(group, 'retention_in_days')} and cannot be judged.")
        elif is_pending(log_class):
            yield ctx.finding(group, f"keeps logs forever unless it is of the Delivery class: retention_in_days is 0 "
                                     f"or unset and {ctx.values.describe_missing(group, 'log_group_class')}, so it "
                                     "cannot be judged.")
        else:
            yield ctx.finding(group, "keeps logs forever (retention_in_days is 0 or unset).")
