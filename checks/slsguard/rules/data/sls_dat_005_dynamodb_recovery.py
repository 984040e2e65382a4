from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-DAT-005",
    title="DynamoDB tables have point-in-time recovery and deletion protection",
    severity="high",
    rationale="PITR restores a table to any second of the last 35 days after a bad write; deletion "
              "protection stops a plan or a person from dropping it.",
    remediation="Set point_in_time_recovery { enabled = true } and deletion_protection_enabled = true.",
    references=("Security Hub DynamoDB.2", "Security Hub DynamoDB.6",
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"),
    types=("aws_dynamodb_table",),
)


def evaluate(ctx):
    for table in ctx.model.of_type("aws_dynamodb_table"):
        if table.block("point_in_time_recovery").get("enabled") is not True:
            yield ctx.finding(table, "point-in-time recovery is not enabled.")
        if table.values.get("deletion_protection_enabled") is not True:
            yield ctx.finding(table, "deletion protection is not enabled.")
