from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending

RULE = Rule(
    id="SLS-OBS-006",
    title="State machines log their executions to a log group",
    severity="medium",
    rationale="An Express workflow keeps no execution history at all, and a Standard workflow's history "
              "lives 90 days in Step Functions only: without logging (no logging_configuration, or level "
              "OFF) a failed execution leaves nothing to search, to alarm on from logs, or to audit.",
    remediation='Set logging_configuration { level = "ERROR" (or "ALL"), log_destination = '
                '"${aws_cloudwatch_log_group.x.arn}:*" } (the step-function module does); set '
                "include_execution_data only where the executions' input and output may be logged.",
    references=("Security Hub StepFunctions.1", "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html"),
    types=("aws_sfn_state_machine",),
    engine_note="follows log_destination to the log group, through references and templates",
)

LOGGING = "logging_configuration"
LOG_GROUPS = ("aws_cloudwatch_log_group",)


def evaluate(ctx):
    for machine in ctx.model.of_type("aws_sfn_state_machine"):
        problem = _logging_problem(ctx, machine)
        if problem:
            yield ctx.finding(machine, problem)


def _logging_problem(ctx, machine):
    if ctx.values.configured(machine, LOGGING) is False:
        return f"logs no execution: {LOGGING} is not set (level OFF)."
    if ctx.values.blocks(machine, LOGGING) == []:
        return f"logs no execution: the dynamic {LOGGING} block iterates over nothing here (level OFF)."
    level = ctx.values.attribute(machine, LOGGING, "level")
    if is_pending(level):
        return f"{ctx.values.describe_missing(machine, LOGGING, 'level')} and cannot be judged."
    if level == "OFF":
        return f"logs no execution: {LOGGING}.level is OFF."
    if level is None:
        return f"logs no execution: {ctx.values.describe_missing(machine, LOGGING, 'level')}, which is OFF."
    destination = ctx.values.attribute(machine, LOGGING, "log_destination")
    if isinstance(destination, str):
        # A group managed elsewhere is named by its ARN; anything else logs nowhere.
        return None if ":log-group:" in destination else \
            f"logs to {destination!r}, which is not a CloudWatch Logs log group ARN."
    if destination is None:
        return f"logs nowhere: {LOGGING}.log_destination is not set."
    link = ctx.facts.link(machine, LOGGING, "log_destination", types=LOG_GROUPS)
    if link.targets and link.untraced is None:
        return None
    shown = ctx.values.text(machine, LOGGING, "log_destination")
    written = f" (`{shown}`)" if shown else ""
    if link.untraced:
        return f"{LOGGING}.log_destination{written} is known only after apply and cannot be traced " \
               f"({link.untraced}), so where it logs cannot be judged."
    return f"logs nowhere: {LOGGING}.log_destination{written} names no log group."
