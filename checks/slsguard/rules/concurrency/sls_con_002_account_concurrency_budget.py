from slsguard.gate.rule import PLAN_ADDRESS, Rule
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-002",
    title="Reserved concurrency in the plan fits the account limit minus the unreserved pool",
    severity="high",
    rationale="AWS keeps 100 executions unreserved; reservations beyond limit - 100 fail at apply, and "
              "reservations close to it starve every function without one.",
    remediation="Lower reserved_concurrent_executions, or raise the account limit with a quota increase "
                "and set account_concurrency_limit in the gate config.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",),
    engine_note='a sum across every function against the account limit from the slsguard config',
)


def evaluate(ctx):
    limit = ctx.config["account_concurrency_limit"] - ctx.config["unreserved_concurrency_minimum"]
    reservations = sorted(((max(reserved(f) or 0, 0), f.address) for f in ctx.model.of_type("aws_lambda_function")),
                          reverse=True)
    total = sum(amount for amount, _ in reservations)
    if total > limit:
        biggest = ", ".join(f"{address} {amount}" for amount, address in reservations[:5] if amount)
        more = f" and {len(reservations) - 5} more" if len(reservations) > 5 else ""
        yield ctx.finding(PLAN_ADDRESS, f"functions reserve {total} concurrent executions in total; the account "
                                        f"allows at most {limit} (biggest first: {biggest}{more}).")
