from slsguard.gate.rule import Rule
from slsguard.gate.policy import Unjudgeable

RULE = Rule(
    id="SLS-UNK-001",
    title="Every policy can be judged at plan time",
    severity="high",
    rationale="A policy whose content is unknown at plan time and cannot be recovered from the "
              "configuration could grant anything; the gate fails closed instead of passing it.",
    remediation="Build the policy with jsonencode({...}) or an aws_iam_policy_document whose actions, "
                "effects and principals are literals (ARNs may be references), or waive with a reason.",
    references=("https://developer.hashicorp.com/terraform/internals/json-format#plan-representation",),
    engine_note="values unknown at plan time are the gate's business (it recovers them from the configuration)",
)


def evaluate(ctx):
    facts = ctx.facts
    for use in (*facts.identity_policies, *facts.trust_policies, *facts.resource_policies, *facts.key_policies):
        if isinstance(use.policy, Unjudgeable):
            yield ctx.finding(use.resource, f"{use.attribute} cannot be judged: {use.policy.reason}.")
