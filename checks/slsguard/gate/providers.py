"""The provider configuration a resource is planned with (its default_tags, its Region).

Shared by SLS-TAG-001 and SLS-CON-002. The plan's configuration names the provider configuration of
every resource (``provider_config_key``: ``aws``, ``aws.dr``, ``module.legacy:aws``, already
resolved through the ``providers`` of module calls); its arguments are read from the ``provider``
block of the .tf source and evaluated in the module that declares it, or, when that block is not in
the source, taken from the constants of the plan's ``provider_config``.
"""

from __future__ import annotations

import weakref

from slsguard.gate import hcl
from slsguard.gate.values import Unevaluable

# Per model (one check), read once and dropped with the model: the provider blocks of each module
# and the provider configuration of each resource.
_PROVIDER_BLOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PROVIDER_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Provider:
    """One provider configuration of the plan and how to read its arguments."""

    def __init__(self, ctx, key: str) -> None:
        self.ctx = ctx
        self.key = key
        # A provider block is never in a module with for_each or count: its address is the module's.
        self.module, _, provider = key.rpartition(":")
        name, _, alias = provider.partition(".")
        self.block = _provider_blocks(ctx, self.module).get((name, alias or None))

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
    key = _provider_keys(ctx.model, resource.config_path).get(resource.config_name)
    return Provider(ctx, key) if isinstance(key, str) else None


def _provider_keys(model, config_path: tuple[str, ...]) -> dict[str, str]:
    """The provider_config_key of each resource of a configuration module, by configuration name."""
    cache = _PROVIDER_KEYS.setdefault(model, {})
    if config_path not in cache:
        module = _dict(_dict(model.plan.get("configuration")).get("root_module"))
        for call in config_path:
            module = _dict(_dict(_dict(module.get("module_calls")).get(call)).get("module"))
        cache[config_path] = {r["address"]: r.get("provider_config_key") for r in _list(module.get("resources"))
                              if isinstance(r, dict) and isinstance(r.get("address"), str)}
    return cache[config_path]


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


def _provider_blocks(ctx, module: str) -> dict[tuple[str, str | None], hcl.Block]:
    """The ``provider`` blocks of a module's .tf files by (name, alias), none without the source.
    The model indexes no provider blocks, so they are read here, once per module and check."""
    cache = _PROVIDER_BLOCKS.setdefault(ctx.model, {})
    if module not in cache:
        source = ctx.values.module_source(module)
        cache[module] = {} if source is None else _read_provider_blocks(source)
    return cache[module]


def _read_provider_blocks(source: hcl.ModuleSource) -> dict[tuple[str, str | None], hcl.Block]:
    blocks = {}
    for path in sorted(source.directory.glob("*.tf")):
        try:
            root = hcl.parse(path.read_text(encoding="utf-8", errors="replace"))
        except hcl.HclSyntaxError:
            continue  # the model names the files it cannot parse; their providers stay unknown
        for block in root.children("provider"):
            alias = block.attributes.get("alias")
            blocks[(block.labels[0], hcl.literal(alias) if alias is not None else None)] = block
    return blocks


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []
