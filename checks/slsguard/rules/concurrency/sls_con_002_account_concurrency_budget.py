from slsguard.gate.providers import provider_of
from slsguard.gate.rule import PLAN_ADDRESS, Rule
from slsguard.gate.values import Unevaluable
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-002",
    title="Reserved concurrency in the plan fits the account limit minus the unreserved pool",
    severity="high",
    rationale="AWS keeps 100 executions unreserved in each Region; reservations beyond limit - 100 in one "
              "Region fail at apply, and reservations close to it starve every function there without one.",
    remediation="Lower reserved_concurrent_executions, or raise the account limit with a quota increase "
                "and set account_concurrency_limit in the gate config.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",),
    engine_note="a sum per Region (each function's provider's region) against the account limit from the "
                "slsguard config; a function whose Region is not known at plan counts in every Region",
)


def evaluate(ctx):
    limit = ctx.config["account_concurrency_limit"] - ctx.config["unreserved_concurrency_minimum"]
    by_region: dict[str, list] = {}
    unplaced = []  # (amount, address, why its Region is not known)
    regions: dict[str, tuple] = {}  # by provider configuration: every function of one shares it
    for function in ctx.model.of_type("aws_lambda_function"):
        amount = max(reserved(function) or 0, 0)
        if not amount:
            continue
        key = ctx.model.provider_key(function)
        if key not in regions:
            regions[key] = _region(provider_of(ctx, function))
        region, why = regions[key]
        if region is None:
            unplaced.append((amount, function.address, why))
        else:
            by_region.setdefault(region, []).append((amount, function.address))
    # The quota is per Region. A function whose Region is not known may be in any of them, so it
    # counts in each (fail closed); when no Region is known, all of them may be in one.
    for region, placed in sorted(by_region.items()) or [(None, [])]:
        reservations = sorted(placed + [(amount, address) for amount, address, _ in unplaced], reverse=True)
        total = sum(amount for amount, _ in reservations)
        if total > limit:
            biggest = ", ".join(f"{address} {amount}" for amount, address in reservations[:5])
            more = f" and {len(reservations) - 5} more" if len(reservations) > 5 else ""
            yield ctx.finding(PLAN_ADDRESS, f"{_reserving(region, total, unplaced)}; the account allows at most "
                                            f"{limit} per Region (biggest first: {biggest}{more}).")


def _reserving(region, total, unplaced):
    reasons = "; ".join(sorted({why for _, _, why in unplaced}))
    if region is None:
        return (f"functions whose Region is not known at plan time ({reasons}) reserve {total} concurrent "
                f"executions in total, and may all be in one Region")
    counted = sum(amount for amount, _, _ in unplaced)
    from_elsewhere = (f", {counted} of them by functions whose Region is not known at plan time ({reasons})"
                      if unplaced else "")
    return f"functions in {region} reserve {total} concurrent executions in total{from_elsewhere}"


def _region(provider):
    """The Region of a provider configuration's resources, or None and why it cannot be known."""
    if provider is None:
        return None, "the plan names no provider configuration for them"
    region = provider.value("region")
    if isinstance(region, str):
        return region, None
    if region is None:
        return None, f"provider {provider.key} sets no region: it comes from the environment at apply"
    shown = provider.text("region")
    why = region.reason if isinstance(region, Unevaluable) else f"it is {region.describe()}, known only after apply"
    return None, f"the region of provider {provider.key}{f' (`{shown}`)' if shown else ''} cannot be known: {why}"
