from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending

RULE = Rule(
    id="SLS-DAT-005",
    title="DynamoDB tables and their replicas have point-in-time recovery and deletion protection",
    severity="high",
    rationale="PITR restores a table to any second of the last 35 days after a bad write; deletion "
              "protection stops a plan or a person from dropping it. Each replica of a global table has "
              "its own PITR (off unless set) and an aws_dynamodb_table_replica its own deletion protection: "
              "a region restored without them is not restorable or is deletable on its own.",
    remediation="Set point_in_time_recovery { enabled = true } and deletion_protection_enabled = true; "
                "point_in_time_recovery = true in every replica block, and both on every "
                "aws_dynamodb_table_replica.",
    references=("Security Hub DynamoDB.2", "Security Hub DynamoDB.6",
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"),
    types=("aws_dynamodb_table", "aws_dynamodb_table_replica"),
)


def evaluate(ctx):
    for table in ctx.model.of_type("aws_dynamodb_table"):
        yield from _unless_on(ctx, table, ("point_in_time_recovery", "enabled"), "point-in-time recovery")
        yield from _unless_on(ctx, table, ("deletion_protection_enabled",), "deletion protection")
        yield from _replica_blocks_without_recovery(ctx, table)
    for replica in ctx.model.of_type("aws_dynamodb_table_replica"):
        yield from _unless_on(ctx, replica, ("point_in_time_recovery",), "point-in-time recovery")
        yield from _unless_on(ctx, replica, ("deletion_protection_enabled",), "deletion protection")


def _unless_on(ctx, resource, path, what):
    value = ctx.values.attribute(resource, *path)
    # Not written, the provider computes AWS's default: off.
    if is_pending(value) and ctx.values.configured(resource, *path) is not False:
        yield ctx.finding(resource, f"{ctx.values.describe_missing(resource, *path)}, so {what} cannot be judged.")
    elif value is not True:
        yield ctx.finding(resource, f"{what} is not enabled.")


def _replica_blocks_without_recovery(ctx, table):
    replicas = ctx.values.attribute(table, "replica") or []
    # Terraform plans a replica set's elements as objects: anything else is as unknown as the set.
    if is_pending(replicas) or any(not isinstance(replica, dict) for replica in replicas):
        yield ctx.finding(table, f"{ctx.values.describe_missing(table, 'replica')}, so the replicas' point-in-time "
                                 "recovery cannot be judged.")
        return
    for replica in replicas:
        recovery, region = replica.get("point_in_time_recovery"), replica.get("region_name")
        if is_pending(recovery):
            yield ctx.finding(table, f"point_in_time_recovery of the replica in {region} is unknown at plan time, "
                                     "so it cannot be judged.")
        elif recovery is not True:
            yield ctx.finding(table, f"the replica in {region} has no point-in-time recovery.")
