from slsguard.gate.providers import provider_of
from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending

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
        keys, unjudged = _tag_keys(ctx, resource)
        missing = ", ".join(key for key in required if key not in keys)
        if missing and unjudged:
            yield ctx.finding(resource, f"{unjudged}, so whether it carries the tag(s) {missing} cannot be judged.")
        elif missing:
            yield ctx.finding(resource, f"is missing the tag(s) {missing}.")


def _tag_keys(ctx, resource):
    """The keys of the tags the resource will carry, and why it may carry more that cannot be seen
    at plan time (None: it cannot). Tags are judged by key: a value known only at apply still
    names its key."""
    tags_all = ctx.values.attribute(resource, "tags_all")
    if isinstance(tags_all, dict):  # as planned: the provider's default_tags merged with tags
        return _present(tags_all), None
    keys, unjudged = set(), None
    if resource.is_unknown("tags_all"):
        # One tag value known only at apply makes an SDKv2 resource's whole tags_all unknown; its
        # keys are still its provider's default_tags and the keys written in tags.
        keys, unjudged = _default_tag_keys(ctx, resource)
    written = ctx.values.attribute(resource, "tags")
    if is_pending(written):  # the whole map is known only at apply: none of its keys can be seen
        return keys, ctx.values.describe_missing(resource, "tags")
    return keys | _present(written if isinstance(written, dict) else {}), unjudged


def _default_tag_keys(ctx, resource):
    """The keys of the default_tags of the resource's provider, and why they cannot be known."""
    provider = provider_of(ctx, resource)
    if provider is None:
        return set(), "the plan names no provider configuration for it, so its default_tags are not known"
    defaults = provider.value("default_tags", "tags")
    if is_pending(defaults):
        shown = provider.text("default_tags", "tags")
        return set(), (f"the default_tags of provider {provider.key} are unknown at plan time "
                       f"({f'`{shown}`' if shown else defaults.reason})")
    return _present(defaults if isinstance(defaults, dict) else {}), None


def _present(tags):
    """The keys with a value: an empty or null value is no tag, a value known only at apply is one."""
    return {key for key, value in tags.items() if value or is_pending(value)}
