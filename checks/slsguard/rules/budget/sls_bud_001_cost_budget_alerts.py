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


SUBSCRIBERS = ("subscriber_email_addresses", "subscriber_sns_topic_arns")


def _covered(ctx, budget):
    """Notification types that have subscribers (known, or set from references unknown at plan);
    None when which notifications the budget has is known only at apply."""
    marks = budget.unknown.get("notification") if isinstance(budget.unknown, dict) else None
    if marks is True:
        # A dynamic block over a value known only at apply (a topic's ARN in its condition): the
        # plan holds no blocks at all, its source may still say which.
        written = ctx.values.blocks(budget, "notification")
        if written is None:
            return None
        return {kind for block, scope in written if isinstance(kind := _written_type(ctx, block, scope), str)}
    marks = marks if isinstance(marks, list) else []
    types = set()
    for index, notification in enumerate(budget.values.get("notification") or []):
        if not isinstance(notification, dict):
            continue
        pending = marks[index] if index < len(marks) and isinstance(marks[index], dict) else {}
        if any(notification.get(key) or pending.get(key) for key in SUBSCRIBERS):
            kind = notification.get("notification_type")
            if isinstance(kind, str):  # anything else is not a type the standard can count
                types.add(kind)
    return types


def _written_type(ctx, block, scope):
    """A written notification block's type when it has subscribers (None: it has none)."""
    values = {name: ctx.values.value(node, scope) for name, node in block.attributes.items()}
    return values.get("notification_type") if any(values.get(key) for key in SUBSCRIBERS) else None


def evaluate(ctx):
    required = set(ctx.config["budget_notification_types"])
    budgets = [b for b in ctx.model.of_type("aws_budgets_budget") if b.values.get("budget_type") == "COST"]
    if not budgets:
        yield ctx.finding(PLAN_ADDRESS, "the plan has no aws_budgets_budget of type COST.")
        return
    covered = {budget.address: _covered(ctx, budget) for budget in budgets}
    best = max(budgets, key=lambda b: len((covered[b.address] or set()) & required))
    if covered[best.address] is None:
        yield ctx.finding(best, "its notification blocks are known only at apply (a dynamic block over a value "
                                "known then), so whether ACTUAL and FORECASTED alerts reach someone cannot be judged.")
        return
    missing = sorted(required - covered[best.address])
    if missing:
        yield ctx.finding(best, f"has no {' or '.join(missing)} notification with subscribers.")
