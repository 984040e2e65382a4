from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-TAG-001",
    title="Taggable resources carry the required tags",
    severity="low",
    rationale="Owner, environment and service tags route alerts and costs to the team that can act.",
    remediation="Set the tags (or the provider's default_tags) owner, environment and service.",
    references=("https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",),
    engine_note="the required tags come from the slsguard config and include the provider's default_tags",
)


def evaluate(ctx):
    required = ctx.config["required_tags"]
    for resource in ctx.model.resources:
        if resource.mode != "managed" or resource.deleted or not ("tags" in resource.values or "tags_all" in resource.values
                                                                  or resource.is_unknown("tags_all")):
            continue
        tags_all = resource.values.get("tags_all")
        tags = tags_all if isinstance(tags_all, dict) else (resource.values.get("tags") or {})
        missing = [key for key in required if not tags.get(key)]
        if missing and not (tags_all is None and resource.is_unknown("tags_all")
                            and all(_unknown_tag(resource, key) for key in missing)):
            yield ctx.finding(resource, f"is missing the tag(s) {', '.join(missing)}.")


def _unknown_tag(resource, key):
    unknown = resource.unknown.get("tags") if isinstance(resource.unknown, dict) else None
    return isinstance(unknown, dict) and unknown.get(key) is True
