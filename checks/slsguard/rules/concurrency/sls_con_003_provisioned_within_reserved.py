from slsguard.gate.rule import Rule
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-003",
    title="Provisioned concurrency does not exceed the function's reserved concurrency",
    severity="medium",
    rationale="Provisioned environments above the reservation are paid for and can never all be used.",
    remediation="Lower provisioned_concurrent_executions or raise reserved_concurrent_executions.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html",),
    types=("aws_lambda_provisioned_concurrency_config",),
    engine_note='compares two resources (provisioned and reserved concurrency of the same function)',
)


def evaluate(ctx):
    for config in ctx.model.of_type("aws_lambda_provisioned_concurrency_config"):
        provisioned = config.values.get("provisioned_concurrent_executions")
        for function in ctx.facts.functions_named(config, "function_name"):
            limit = reserved(function)
            if isinstance(provisioned, int) and limit is not None and limit >= 0 and provisioned > limit:
                yield ctx.finding(config, f"provisions {provisioned} executions but {function.address} reserves "
                                          f"only {limit}.")
