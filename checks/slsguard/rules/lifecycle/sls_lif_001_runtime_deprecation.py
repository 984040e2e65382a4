import datetime as dt
from functools import lru_cache

from slsguard.errors import SlsguardError
from slsguard.gate.config import POLICIES, read_data_file
from slsguard.gate.rule import Rule

RUNTIMES = POLICIES / "lambda-runtimes.yaml"

RULE = Rule(
    id="SLS-LIF-001",
    title="Functions do not use a deprecated Lambda runtime (one close to deprecation is a warning)",
    severity="high",
    rationale="After its deprecation date a runtime gets no security patches, and AWS then blocks creating "
              "and updating functions that use it: a fix cannot be deployed without a runtime upgrade first.",
    remediation="Move the function to a supported runtime of the same language (policies/lambda-runtimes.yaml "
                "lists the deprecation dates) before its deprecation date.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
                "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html"),
    types=("aws_lambda_function",),
    engine_note="judges dates from the project's runtime table against the day of the run "
                "(judgement_date) and the configured warning window",
)


@lru_cache(maxsize=1)
def deprecation_dates() -> dict[str, dt.date]:
    """Runtime identifier -> deprecation date, from policies/lambda-runtimes.yaml."""
    document = read_data_file(RUNTIMES, "runtime table")
    runtimes = document.get("runtimes") if isinstance(document, dict) else None
    if not isinstance(runtimes, dict) or not all(isinstance(k, str) and type(v) is dt.date for k, v in runtimes.items()):
        raise SlsguardError(f"{RUNTIMES} is malformed: `runtimes` must map each runtime identifier to a date "
                            "(YYYY-MM-DD).")
    return runtimes


def evaluate(ctx):
    dates = deprecation_dates()
    today = ctx.config.get("judgement_date") or dt.date.today()
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    window = dt.timedelta(days=ctx.config["runtime_deprecation_warning_days"])
    for function in ctx.model.of_type("aws_lambda_function"):
        runtime = ctx.values.attribute(function, "runtime")
        if runtime is None:
            if ctx.values.attribute(function, "package_type") != "Image":
                yield ctx.finding(function, "runtime is not set on a .zip function and cannot be judged.")
            continue  # a container image brings its own runtime
        if not isinstance(runtime, str):
            yield ctx.finding(function, f"{ctx.values.describe_missing(function, 'runtime')} and cannot be judged.")
        elif runtime not in dates:
            yield ctx.finding(function, f"runtime {runtime} is not in the runtime table ({RUNTIMES.name}), so its "
                                        "deprecation date is unknown; add it from the AWS page.")
        elif dates[runtime] <= today:
            yield ctx.finding(function, f"runtime {runtime} is deprecated since {dates[runtime].isoformat()}.")
        elif dates[runtime] - today <= window:
            warning = ctx.finding(function, f"runtime {runtime} is deprecated on {dates[runtime].isoformat()}, in "
                                            f"{(dates[runtime] - today).days} days: plan the upgrade.")
            warning.severity = "info"  # below every blocking threshold but the strictest
            yield warning
