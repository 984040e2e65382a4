"""The provider configuration a resource is planned with (its default_tags, its Region).

Shared by SLS-TAG-001 and SLS-CON-002. The plan's configuration names the provider configuration of
every resource (``provider_config_key``: ``aws``, ``aws.dr``, ``module.legacy:aws``, already
resolved through the ``providers`` of module calls); its arguments are read from the ``provider``
block of the .tf source and evaluated in the module that declares it, or, when that block is not in
the source, taken from the constants of the plan's ``provider_config``.
"""

from __future__ import annotations

from slsguard.gate import hcl
from slsguard.gate.values import Unevaluable


class Provider:
    """One provider configuration of the plan and how to read its arguments."""

    def __init__(self, ctx, key: str) -> None:
        self.ctx = ctx
        self.key = key
        # A provider block is never in a module with for_each or count: its address is the module's.
        self.module, _, provider = key.rpartition(":")
        name, _, alias = provider.partition(".")
        source = ctx.values.module_source(self.module)
        self.block = source.providers.get((name, alias or None)) if source is not None else None

    def value(self, *path: str):
        """The argument at ``path`` (a nested block's first element on the way): None when it is not
        written, else its value, an Unknown or an Unevaluable that says why it cannot be known now.
        From the provider block of the source, else from the plan's constants (without the source,
        or for a root whose provider block was written elsewhere)."""
        if self.block is not None:
            node = self._attribute(path)
            return None if node is None else self.ctx.values.value(node, self.ctx.values.body_scope(self.module))
        providers = _dict(_dict(self.ctx.model.plan.get("configuration")).get("provider_config"))
        expression = _expression(_dict(providers.get(self.key)).get("expressions"), path)
        if expression is None:
            return None
        if "constant_value" in expression:
            return expression["constant_value"]
        # terraform lists a traversal and then its prefixes: the first says what it is.
        references = expression.get("references") or ["an expression"]
        return Unevaluable(f"it is computed from {references[0]} and the provider block is not in the .tf source")

    def text(self, *path: str) -> str | None:
        """The source text of the argument at ``path``, for messages."""
        holder = _nested(self.block, path[:-1])
        return holder.texts.get(path[-1]) if holder is not None else None

    def _attribute(self, path: tuple[str, ...]) -> hcl.Node | None:
        holder = _nested(self.block, path[:-1])
        return holder.attributes.get(path[-1]) if holder is not None else None


def provider_of(ctx, resource) -> Provider | None:
    """The provider configuration ``resource`` is planned with; None when the plan does not say."""
    key = ctx.model.provider_key(resource)
    return Provider(ctx, key) if key is not None else None


def _expression(expressions, path: tuple[str, ...]) -> dict | None:
    """The plan's configuration of a provider argument (nested blocks are lists of one)."""
    node = expressions
    for step in path:
        node = node.get(step) if isinstance(node, dict) else None
        if isinstance(node, list):
            node = node[0] if node else None
    return node if isinstance(node, dict) else None


def _nested(block: hcl.Block | None, path: tuple[str, ...]) -> hcl.Block | None:
    for step in path:
        children = block.children(step) if block is not None else []
        block = children[0] if children else None  # terraform allows one default_tags block
    return block


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}
