from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending
from slsguard.gate.wildcard import wildcard_match

RULE = Rule(
    id="SLS-API-004",
    title="Lambda function URLs require IAM authorization unless declared public",
    severity="high",
    rationale="A function URL with authorization_type NONE is an HTTPS endpoint anyone on the internet can "
              "call, outside any API's authorizer, throttling and access logs.",
    remediation="Set authorization_type = \"AWS_IAM\" (callers sign with SigV4, or put CloudFront with OAC in "
                "front), serve the function through an API route with an authorizer, or list the function "
                "name (or the URL's address glob) in the gate config's public_function_urls when it is "
                "public by design.",
    references=("Security Hub Lambda.1",
                "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"),
    types=("aws_lambda_function_url",),
    engine_note="public function URLs are declared in the slsguard config, which Checkov cannot read",
)


def _declared(url, functions, declared):
    names = {f.values.get("function_name") for f in functions}
    return any(entry in names or wildcard_match(entry, url.address, case_sensitive=True) for entry in declared)


def evaluate(ctx):
    declared = ctx.config["public_function_urls"]
    for url in ctx.model.of_type("aws_lambda_function_url"):
        kind = ctx.values.attribute(url, "authorization_type")
        if is_pending(kind):
            yield ctx.finding(url, f"{ctx.values.describe_missing(url, 'authorization_type')}, so whether the URL "
                                   "is public cannot be judged.")
        elif kind == "NONE":
            functions = ctx.facts.link(url, "function_name", types=("aws_lambda_function",)).targets
            if not _declared(url, functions, declared):
                shown = ", ".join(f.address for f in functions) or repr(url.values.get("function_name"))
                yield ctx.finding(url, f"authorization_type is NONE: {shown} can be invoked by anyone on the "
                                       "internet.")
