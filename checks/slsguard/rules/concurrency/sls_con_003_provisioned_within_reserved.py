from slsguard.gate.rule import Rule
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-003",
    title="Provisioned concurrency does not exceed the function's reserved concurrency",
    severity="medium",
    rationale="Provisioned environments above the reservation are paid for and can never all be used; "
              "the provisioned concurrency of every version and alias of a function counts against its "
              "one reservation.",
    remediation="Lower provisioned_concurrent_executions or raise reserved_concurrent_executions.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html",),
    types=("aws_lambda_provisioned_concurrency_config",),
    engine_note='compares two resources (provisioned and reserved concurrency of the same function)',
)


def evaluate(ctx):
    by_function: dict[str, list] = {}  # every version and alias draws on the one reservation
    for config in ctx.model.of_type("aws_lambda_provisioned_concurrency_config"):
        provisioned = ctx.values.attribute(config, "provisioned_concurrent_executions")
        if not isinstance(provisioned, int):
            yield ctx.finding(config, f"{ctx.values.describe_missing(config, 'provisioned_concurrent_executions')}, "
                                      "so it cannot be compared with the function's reserved concurrency.")
            continue
        link = ctx.facts.link(config, "function_name", types=("aws_lambda_function",))
        if link.untraced:
            yield ctx.finding(config, f"function_name cannot be traced to a function ({link.untraced}), so "
                                      f"its {provisioned} provisioned executions cannot be compared with the "
                                      "function's reserved concurrency.")
        functions = link.targets
        for function in functions:
            limit = reserved(function)
            if limit is None or limit < 0:
                continue
            if provisioned > limit:
                yield ctx.finding(config, f"provisions {provisioned} executions but {function.address} reserves "
                                          f"only {limit}.")
            if len(functions) == 1:  # a bare name shared by functions of other regions: which one is not known
                by_function.setdefault(function.address, []).append((config, provisioned))
    for address, configs in sorted(by_function.items()):
        function = ctx.model.by_address[address]
        total = sum(provisioned for _, provisioned in configs)
        if len(configs) > 1 and total > reserved(function):
            parts = ", ".join(f"{config.address}: {provisioned}" for config, provisioned in configs)
            yield ctx.finding(function, f"provisions {total} executions over its versions and aliases ({parts}) but "
                                        f"reserves only {reserved(function)}.")
