"""Reconciliation step: compares the day's order count with the payment count it is given."""


def handler(event, context):
    orders, payments = int(event.get("orders", 0)), int(event.get("payments", 0))
    return {"orders": orders, "payments": payments, "balanced": orders == payments}
