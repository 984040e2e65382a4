from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-DAT-008",
    title="The plan does not delete or replace a stateful resource",
    severity="critical",
    rationale="Deleting or replacing a table, queue, key, log group or event archive loses its data (or "
              "makes data encrypted under a key unreadable); it must be a deliberate, waived decision.",
    remediation="Change the plan so the resource is updated in place (e.g. revert the forcing argument, "
                "use moved/import blocks), or waive the finding with the data-migration ticket.",
    references=("https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy",),
    engine_note='a plan delta (delete or replace), not a property of the configuration',
)


def evaluate(ctx):
    stateful = set(ctx.config["stateful_types"])
    for resource in ctx.model.resources:
        if resource.type in stateful and resource.mode == "managed" and "delete" in resource.actions:
            verb = "replaces" if "create" in resource.actions else "deletes"
            yield ctx.finding(resource, f"the plan {verb} this {resource.type}; its data would be lost.")
