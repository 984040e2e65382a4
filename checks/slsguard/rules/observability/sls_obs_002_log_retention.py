from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending

RULE = Rule(
    id="SLS-OBS-002",
    title="Log groups have a finite retention",
    severity="medium",
    rationale="Logs kept forever cost money forever and keep personal data longer than any policy allows.",
    remediation="Set retention_in_days (e.g. 30 for functions, 365 for audit logs).",
    references=("Security Hub CloudWatch.16",
                "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html"),
    types=("aws_cloudwatch_log_group",),
)


def evaluate(ctx):
    for group in ctx.model.of_type("aws_cloudwatch_log_group"):
        retention = ctx.values.attribute(group, "retention_in_days")
        if is_pending(retention):
            yield ctx.finding(group, f"{ctx.values.describe_missing(group, 'retention_in_days')} and cannot be judged.")
        elif not isinstance(retention, int) or retention <= 0:
            yield ctx.finding(group, "keeps logs forever (retention_in_days is 0 or unset).")
