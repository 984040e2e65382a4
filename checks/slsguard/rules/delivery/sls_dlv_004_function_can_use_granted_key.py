from slsguard.gate import managed
from slsguard.gate.policy import Policy, Statement
from slsguard.gate.rule import Rule
from slsguard.gate.values import Partial, Unknown, as_text, resource_type_of, walk
from slsguard.rules._shared import action_covers, condition_values, service_matches

RULE = Rule(
    id="SLS-DLV-004",
    title="A function or schedule granted a resource encrypted with a customer key may use that key",
    severity="high",
    rationale="SQS, SNS, EventBridge, DynamoDB, Secrets Manager, SSM, Kinesis and Step Functions call KMS "
              "as the caller: a function (or a Scheduler schedule, through its target's role) allowed to "
              "send to a queue (or publish, put events, read items, read a secret, a SecureString "
              "parameter or a stream, start a state machine) encrypted "
              "with a customer key, whose role lacks kms:Decrypt / kms:GenerateDataKey on that key or whose "
              "key policy admits neither the role nor IAM policies of its account (or denies it), applies "
              "cleanly and then fails every call with AccessDenied (KMS.AccessDeniedException). Access "
              "counts as KMS grants it: a statement on the key's ARN (an alias's ARN matches the alias "
              "only) whose kms:ViaService, if any, names the service called; a key policy naming the role; "
              "or an aws_kms_grant of the operations.",
    remediation="Allow the role the key actions on the key's ARN, preferably with a kms:ViaService "
                "condition for the service (the lambda-function module does this for a grant given a "
                "module's grant_target, the schedule module for a target given one), and keep the account "
                "root (or the role) in the key policy.",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
                "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
                "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-key-policy.html",
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html",
                "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
                "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html",
                "https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html",
                "https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html"),
    types=("aws_lambda_function", "aws_iam_role", "aws_iam_role_policy", "aws_iam_policy", "aws_sqs_queue",
           "aws_sns_topic", "aws_cloudwatch_event_bus", "aws_dynamodb_table", "aws_secretsmanager_secret",
           "aws_ssm_parameter", "aws_kinesis_stream", "aws_sfn_state_machine", "aws_scheduler_schedule",
           "aws_kms_key", "aws_kms_key_policy"),
    engine_note="follows function or schedule -> role -> policies -> granted resources -> their keys -> key policies",
)

DECRYPT, GENERATE, ENCRYPT = "kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"
_DYNAMODB_DATA = ("GetItem", "BatchGetItem", "Query", "Scan", "ConditionCheckItem", "PutItem", "UpdateItem",
                  "DeleteItem", "BatchWriteItem", "GetRecords", "PartiQLSelect", "PartiQLInsert",
                  "PartiQLUpdate", "PartiQLDelete")
# Per encrypted resource type: where its key is set, and which of its actions need which key
# actions of the caller (the services' key-management pages above).
ENCRYPTED = {
    "aws_sqs_queue": (("kms_master_key_id",), {"sqs:SendMessage": (GENERATE, DECRYPT),
                                               "sqs:ReceiveMessage": (DECRYPT,)}),
    "aws_sns_topic": (("kms_master_key_id",), {"sns:Publish": (GENERATE, DECRYPT)}),
    "aws_cloudwatch_event_bus": (("kms_key_identifier",), {"events:PutEvents": (GENERATE,)}),
    "aws_dynamodb_table": (("server_side_encryption", "kms_key_arn"),
                           {f"dynamodb:{name}": (DECRYPT,) for name in _DYNAMODB_DATA}),
    "aws_secretsmanager_secret": (("kms_key_id",), {"secretsmanager:GetSecretValue": (DECRYPT,),
                                                    "secretsmanager:PutSecretValue": (GENERATE, DECRYPT)}),
    # A SecureString parameter's key (key_id); String parameters have none and need nothing.
    "aws_ssm_parameter": (("key_id",), {"ssm:GetParameter": (DECRYPT,), "ssm:GetParameters": (DECRYPT,),
                                        "ssm:PutParameter": (ENCRYPT,)}),
    "aws_kinesis_stream": (("kms_key_id",), {"kinesis:GetRecords": (DECRYPT,), "kinesis:PutRecord": (GENERATE,),
                                             "kinesis:PutRecords": (GENERATE,)}),
    # An execution's input is encrypted with the state machine's key as it starts; a synchronous
    # execution also returns its output.
    "aws_sfn_state_machine": (("encryption_configuration", "kms_key_id"),
                              {"states:StartExecution": (GENERATE,), "states:StartSyncExecution": (GENERATE, DECRYPT)}),
}
# The service each encrypted type calls KMS through (what kms:ViaService names).
SERVICE = {type_: next(iter(actions)).split(":")[0] for type_, (_, actions) in ENCRYPTED.items()}
# What acts with a role: a function through its execution role, a schedule through its target's.
ROLE_HOLDERS = {"aws_lambda_function": ("role",), "aws_scheduler_schedule": ("target", "role_arn")}
ACTION_INDEX = {action.lower(): (type_, action) for type_, (_, actions) in ENCRYPTED.items() for action in actions}
ROLE = ("aws_iam_role",)
ATTACHMENTS = {"aws_iam_role_policy_attachment": "policy_arn", "aws_iam_role": "managed_policy_arns",
               "aws_iam_role_policy_attachments_exclusive": "policy_arns", "aws_iam_policy_attachment": "policy_arn"}
ATTACHED_TO = {"aws_iam_role_policy_attachment": "role", "aws_iam_role_policy_attachments_exclusive": "role_name",
               "aws_iam_policy_attachment": "roles"}


def _role_statements(ctx):
    """Role address -> the Allow statements of every permission policy it holds (inline, separate
    role policies, attached customer policies, what attached AWS-managed policies allow on "*"),
    and role address -> the ARNs of attached policies the plan does not hold."""
    by_policy = {use.resource.address: use for use in ctx.facts.identity_policies}
    statements: dict[str, list] = {}
    outside: dict[str, list[str]] = {}

    def add(role, use):
        if use is not None and isinstance(use.policy, Policy):
            statements.setdefault(role.address, []).extend(s for s in use.policy.statements if s.allows)

    for use in ctx.facts.identity_policies:
        if use.resource.type == "aws_iam_role":
            add(use.resource, use)
        elif use.resource.type == "aws_iam_role_policy":
            for role in ctx.facts.link(use.resource, "role", types=ROLE):
                add(role, use)
    for type_, attribute in ATTACHMENTS.items():
        for attachment in ctx.model.of_type(type_):
            roles = [attachment] if type_ == "aws_iam_role" else ctx.facts.link(attachment, ATTACHED_TO[type_], types=ROLE)
            for policy in ctx.facts.link(attachment, attribute, types=("aws_iam_policy",)):
                for role in roles:
                    add(role, by_policy.get(policy.address))
            for arn in _policies_outside_the_plan(ctx, attachment, attribute):
                managed_statement = _managed_statement(arn)
                shown = arn.shown() if isinstance(arn, Partial) else arn.describe() if isinstance(arn, Unknown) else arn
                for role in roles:
                    if managed_statement is not None:
                        statements.setdefault(role.address, []).append(managed_statement)
                    elif shown not in outside.get(role.address, []):
                        outside.setdefault(role.address, []).append(shown)
    return statements, outside


def _policies_outside_the_plan(ctx, attachment, attribute):
    """The policy ARNs an attachment names (one, or a list) that no aws_iam_policy of the plan is,
    whether known now or only at apply."""
    if ctx.values.configured(attachment, attribute) is False:
        return []  # computed by the provider (a role's managed_policy_arns): what the plan attaches
    value = ctx.values.attribute(attachment, attribute)
    arns = value if isinstance(value, list) else [value]
    return [arn for arn in arns if arn not in (None, "") and not ctx.facts.link_value(arn, ("aws_iam_policy",)).targets]


def _managed_statement(arn):
    """What an AWS-managed policy allows on "*", as one statement (None: not an AWS-managed policy).
    The shipped table keeps no conditions: a kms:ViaService in the managed policy is not seen."""
    text = as_text(arn)
    name = managed.policy_name(text) if text is not None else None
    grants = managed.grants(name) if name is not None else None
    if grants is None:
        return None
    return Statement("Allow", grants.get("star", []), None, ["*"], None, None, None, sid=f"AWS-managed {name}")


def _granted(patterns):
    """Encrypted resource type -> the actions of ENCRYPTED that ``patterns`` allow (exact names are
    looked up, only wildcards are matched: large plans hold thousands of statements)."""
    found: dict[str, set[str]] = {}
    for pattern in patterns or []:
        if not isinstance(pattern, str):
            continue
        if "*" in pattern or "?" in pattern:
            for type_, (_, actions) in ENCRYPTED.items():
                found.setdefault(type_, set()).update(a for a in actions if action_covers(pattern, a))
        elif pattern.lower() in ACTION_INDEX:
            type_, action = ACTION_INDEX[pattern.lower()]
            found.setdefault(type_, set()).add(action)
    return {type_: actions for type_, actions in found.items() if actions}


def _needs(statements, ctx):
    """(encrypted resource, key, key actions needed, what needs them) for what the statements grant."""
    needed: dict[tuple[str, str], tuple] = {}
    for statement in statements:
        for type_, granted in _granted(statement.actions).items():
            path, actions = ENCRYPTED[type_]
            for target in ctx.facts.link_value(statement.resources, (type_,)).targets:
                for key in ctx.facts.keys_of(target, *path):
                    entry = needed.setdefault((target.address, key.address), (target, key, set(), set()))
                    entry[3].update(granted)
                    for action in granted:
                        entry[2].update(actions[action])
    return needed.values()


def _any_key(resource):
    """Resource '*' or a pattern over every key ARN (``arn:aws:kms:eu-west-1:111122223333:key/*``)."""
    return isinstance(resource, str) and (resource == "*" or resource.startswith("arn:") and resource.endswith(":key/*"))


def _names_key_itself(resource):
    """An IAM Resource of an alias's ARN matches the alias, never the key: KMS authorises key
    operations against the key's ARN (an alias is chosen with a kms:ResourceAliases condition)."""
    if isinstance(resource, str):
        return "alias/" not in resource
    return not (isinstance(resource, Unknown) and any(
        resource_type_of(address) == "aws_kms_alias" and attribute != "target_key_arn"  # that one is the key's
        for address, attribute in resource.sources))


def _for_service(statement, service):
    """Whether a kms:ViaService condition, if any, admits calls made through ``service``."""
    via = condition_values(statement, "kms:viaservice")
    return not via or any(service_matches(value, service) for value in via)


def _role_allows(ctx, statements, key, action, service):
    keys = ("aws_kms_key",)
    for statement in statements:
        if not any(action_covers(pattern, action) for pattern in statement.actions or []) \
                or not _for_service(statement, service):
            continue
        named = [resource for resource in statement.resources or [] if _names_key_itself(resource)]
        if any(t.address == key.address for t in ctx.facts.link_value(named, keys).targets):
            return True
        if any(_any_key(resource) for resource in statement.resources or []):
            # Keys chosen by alias (attribute-based): the alias must name this key.
            aliases = condition_values(statement, "kms:resourcealiases")
            if not aliases or key.address in {t.address for t in ctx.facts.link_value(aliases, keys).targets}:
                return True
    return False


def _is_account_root(identifier):
    texts = [part for part in walk(identifier) if isinstance(part, str)]
    last = identifier.parts[-1] if isinstance(identifier, Partial) and identifier.parts else identifier
    return (isinstance(last, str) and last.endswith(":root")) or any(t.isdigit() and len(t) == 12 for t in texts)


def _names_role(ctx, statement, role):
    """Whether the statement's AWS principals include the role, its account (root) or everyone."""
    principals = statement.principals or {}
    if principals.get("*") == ["*"]:
        return True
    identifiers = principals.get("AWS", [])
    return "*" in identifiers or any(_is_account_root(identifier) for identifier in identifiers) \
        or any(t.address == role.address for t in ctx.facts.link_value(identifiers, ROLE).targets)


def _key_policy_names_role(ctx, key, role, action, service):
    """Whether the key policy itself allows ``action`` to the role by name: in the key's account that
    is enough without any IAM policy of the role."""
    use = ctx.facts.key_policy_by_key.get(key.address)
    if use is None or not isinstance(use.policy, Policy):
        return False
    return any(statement.allows and any(action_covers(p, action) for p in statement.actions or [])
               and _for_service(statement, service)
               and any(t.address == role.address
                       for t in ctx.facts.link_value((statement.principals or {}).get("AWS", []), ROLE).targets)
               for statement in use.policy.statements)


def _granted_by_kms_grant(ctx, key, role, action):
    """Whether an aws_kms_grant gives the role ``action`` on the key: a grant needs neither an IAM
    policy nor the key policy."""
    operation = action.removeprefix("kms:")
    return any(isinstance(operations := ctx.values.attribute(grant, "operations"), list) and operation in operations
               and any(t.address == key.address for t in ctx.facts.link(grant, "key_id", types=("aws_kms_key",)))
               and any(t.address == role.address for t in ctx.facts.link(grant, "grantee_principal", types=ROLE))
               for grant in ctx.model.of_type("aws_kms_grant"))


def _key_policy_admits(ctx, key, role, action):
    """Whether the key policy lets IAM policies of the account (root principal) or the role itself
    use ``action`` and denies it to neither without a condition: the default key policy (none
    written) admits the account. A conditional Deny (TLS, organisation guardrails) is not judged."""
    use = ctx.facts.key_policy_by_key.get(key.address)
    if use is None or not isinstance(use.policy, Policy):
        return True  # the default key policy; an unreadable one is SLS-UNK-001's finding
    admitted = False
    for statement in use.policy.statements:
        if not any(action_covers(p, action) for p in statement.actions or []) or not _names_role(ctx, statement, role):
            continue
        if statement.effect == "Deny" and not statement.conditions:
            return False
        if statement.allows and (statement.principals or {}).get("*") != ["*"] \
                and "*" not in (statement.principals or {}).get("AWS", []):
            admitted = True
    return admitted


def _holders(ctx):
    for type_, path in ROLE_HOLDERS.items():
        for holder in ctx.model.of_type(type_):
            yield holder, ctx.facts.link(holder, *path, types=ROLE)


def _consumed(ctx):
    """Function address -> (queue, key, mapping) for every encrypted queue an event source mapping
    feeds it: Lambda receives as the function's role, which needs kms:Decrypt on the key whatever
    its policies say about the queue (an AWS-managed execution role, a pattern)."""
    found: dict[str, list] = {}
    for mapping, queues, functions in ctx.facts.event_source_mappings:
        for queue in queues:
            for key in ctx.facts.keys_of(queue, "kms_master_key_id"):
                for function in functions:
                    found.setdefault(function.address, []).append((queue, key, mapping))
    return found


def _missing(ctx, role, statements, key, actions, service):
    """The key actions the role cannot use on the key, and whether the key policy is why."""
    needed = [a for a in sorted(actions) if not _granted_by_kms_grant(ctx, key, role, a)]
    missing = [a for a in needed if not _role_allows(ctx, statements, key, a, service)
               and not _key_policy_names_role(ctx, key, role, a, service)]
    if missing:
        return missing, False
    return [a for a in needed if not _key_policy_admits(ctx, key, role, a)], True


def _problem(missing, by_key_policy, outside):
    actions = ", ".join(missing)
    if by_key_policy:
        return (f"but the key policy does not let the role use {actions} (no Allow for the role or its "
                "account root, or a Deny without condition).")
    if outside:
        return (f"but no policy of the role in the plan allows {actions} on that key; it also holds "
                f"{' and '.join(outside)}, which the plan does not contain, so that cannot be judged.")
    return f"but no policy of the role allows {actions} on that key."


def evaluate(ctx):
    by_role, outside = _role_statements(ctx)
    consumed = _consumed(ctx)
    needs_by_role: dict[str, list] = {}  # functions and schedules often share a role
    for holder, roles in _holders(ctx):
        for role in roles:
            statements = by_role.get(role.address, [])
            if role.address not in needs_by_role:
                needs_by_role[role.address] = sorted(_needs(statements, ctx), key=lambda n: (n[0].address, n[1].address))
            judged = set()
            for target, key, key_actions, granted in needs_by_role[role.address]:
                judged.add((target.address, key.address))
                missing, by_key_policy = _missing(ctx, role, statements, key, key_actions, SERVICE[target.type])
                if missing:
                    yield ctx.finding(holder, f"{role.address} is allowed {', '.join(sorted(granted))} on "
                                              f"{target.address}, encrypted with {key.address}, "
                                              f"{_problem(missing, by_key_policy, outside.get(role.address))}")
            for queue, key, mapping in consumed.get(holder.address, []):
                if (queue.address, key.address) in judged:
                    continue
                judged.add((queue.address, key.address))
                missing, by_key_policy = _missing(ctx, role, statements, key, (DECRYPT,), "sqs")
                if missing:
                    yield ctx.finding(holder, f"consumes {queue.address} (via {mapping.address}), encrypted with "
                                              f"{key.address}, {_problem(missing, by_key_policy, outside.get(role.address))}")
