from slsguard.gate.rule import PLAN_ADDRESS, Rule

RULE = Rule(
    id="SLS-BUD-001",
    title="The plan has a COST budget with ACTUAL and FORECASTED alerts that reach someone",
    severity="high",
    rationale="Serverless spend scales with traffic and with mistakes (retry storms, recursion); a "
              "forecast alert warns before the month ends, an actual alert when money is spent.",
    remediation="Add an aws_budgets_budget with budget_type COST and notification blocks of type ACTUAL "
                "and FORECASTED, each with subscriber e-mail addresses or SNS topics.",
    references=("https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-best-practices.html",),
    engine_note='an aggregate over the plan (a budget must exist at all) with its notification types',
)


def _covered(budget):
    """Notification types that have subscribers (known, or set from references unknown at plan)."""
    unknown = budget.unknown.get("notification") if isinstance(budget.unknown, dict) else None
    unknown = unknown if isinstance(unknown, list) else []
    types = set()
    for index, notification in enumerate(budget.values.get("notification") or []):
        if not isinstance(notification, dict):
            continue
        pending = unknown[index] if index < len(unknown) and isinstance(unknown[index], dict) else {}
        if any(notification.get(key) or pending.get(key)
               for key in ("subscriber_email_addresses", "subscriber_sns_topic_arns")):
            kind = notification.get("notification_type")
            if isinstance(kind, str):  # anything else is not a type the standard can count
                types.add(kind)
    return types


def evaluate(ctx):
    required = set(ctx.config["budget_notification_types"])
    budgets = [b for b in ctx.model.of_type("aws_budgets_budget") if b.values.get("budget_type") == "COST"]
    if not budgets:
        yield ctx.finding(PLAN_ADDRESS, "the plan has no aws_budgets_budget of type COST.")
        return
    best = max(budgets, key=lambda b: len(_covered(b) & required))
    missing = sorted(required - _covered(best))
    if missing:
        yield ctx.finding(best, f"has no {' or '.join(missing)} notification with subscribers.")
