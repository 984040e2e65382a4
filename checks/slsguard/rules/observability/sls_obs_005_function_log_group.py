from slsguard.gate.rule import Rule
from slsguard.gate.values import Partial

RULE = Rule(
    id="SLS-OBS-005",
    title="Every function logs to a log group the plan manages",
    severity="medium",
    rationale="Without a log group in the plan, Lambda creates /aws/lambda/<name> on the first "
              "invocation: it keeps logs forever, has no customer key, and no rule on log groups ever "
              "sees it (nor does terraform destroy it).",
    remediation='Add an aws_cloudwatch_log_group named "/aws/lambda/${aws_lambda_function.x.function_name}" '
                "with retention_in_days and kms_key_id (and depends_on it from the function), or set "
                "logging_config { log_group = aws_cloudwatch_log_group.x.name }.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html",
                "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#cloudwatch-logging-and-permissions"),
    types=("aws_lambda_function",),
    engine_note="matches every function with the log groups of the whole plan, by name or logging_config",
)

PREFIX = "/aws/lambda/"


def evaluate(ctx):
    names, unnamed, named_after = {}, [], set()
    for group in ctx.model.of_type("aws_cloudwatch_log_group"):
        name = ctx.values.attribute(group, "name")
        if isinstance(name, str):
            names.setdefault(name, []).append(group)
        elif functions := _named_after(name):
            named_after.update(functions)
        else:
            unnamed.append(group.address)
    for function in ctx.model.of_type("aws_lambda_function"):
        if function.address in named_after or _chosen_group(ctx, function):
            continue
        function_name = ctx.values.attribute(function, "function_name")
        if not isinstance(function_name, str):
            yield ctx.finding(function, f"{ctx.values.describe_missing(function, 'function_name')}, so its log "
                                        "group cannot be matched.")
        elif not any(ctx.facts.same_region(group, ctx.facts.region_of(function))
                     for group in names.get(PREFIX + function_name, [])):  # a log group is per Region
            unknown = f" (the name of {', '.join(unnamed)} is unknown at plan time)" if unnamed else ""
            yield ctx.finding(function, f"has no log group in the plan: neither an aws_cloudwatch_log_group named "
                                        f"{PREFIX}{function_name}{unknown} nor logging_config.log_group; Lambda "
                                        "would create one that never expires and has no customer key.")


def _named_after(name):
    """The functions whose name a log group's name is made of when both are known only at apply:
    "/aws/lambda/${aws_lambda_function.f.function_name}" is that function's group, whatever its name."""
    shaped = isinstance(name, Partial) and len(name.parts) == 2 and name.parts[0] == PREFIX
    return {address for address, attribute in name.parts[1].sources if attribute == "function_name"} if shaped else ()


def _chosen_group(ctx, function):
    """Whether logging_config names a group the team chose (managed here or elsewhere); without the
    source, a planned name is one written literally (the provider's default is unknown at plan)."""
    written = ctx.values.configured(function, "logging_config", "log_group")
    chosen = ctx.values.attribute(function, "logging_config", "log_group")
    if written is None:
        return isinstance(chosen, str)
    return written and chosen is not None  # written, and null (a module's input left at null): not chosen
