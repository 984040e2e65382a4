"""Static tier: the runtime table (policies/lambda-runtimes.yaml) is well formed and cites the AWS
page it comes from, and the runtimes the lambda-function module accepts are all in it and not
deprecated (as of the day the suite runs: a module that still allows a deprecated runtime is a
defect to fix in the module, not in the test)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from harness import MODULES
from slsguard.gate import hcl
from slsguard.rules.lifecycle.sls_lif_001_runtime_deprecation import RUNTIMES, deprecation_dates
from slsguard.gate.config import read_data_file

pytestmark = pytest.mark.static

AWS_PAGE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"


def module_runtimes() -> list[str]:
    """The runtimes listed in the validation of lambda-function's `runtime` variable."""
    document = hcl.parse((MODULES / "lambda-function" / "variables.tf").read_text(encoding="utf-8"))
    variable = next(v for v in document.children("variable") if v.labels == ("runtime",))
    condition = variable.children("validation")[0].texts["condition"]
    return re.findall(r'"([a-z0-9.]+)"', condition)


def test_runtime_table_cites_the_aws_page_and_holds_dates():
    document = read_data_file(RUNTIMES, "runtime table")
    assert document["source"] == AWS_PAGE
    assert isinstance(document["reviewed"], dt.date)
    dates = deprecation_dates()
    assert len(dates) > 20 and {"python3.12", "nodejs22.x", "java21", "provided.al2023"} <= set(dates)


def test_module_allows_only_runtimes_of_the_table_that_are_not_deprecated():
    allowed = module_runtimes()
    assert "python3.12" in allowed, allowed  # the list was read, not an empty match
    dates = deprecation_dates()
    assert [runtime for runtime in allowed if runtime not in dates] == [], f"add them to {RUNTIMES}"
    today = dt.date.today()
    deprecated = {runtime: dates[runtime].isoformat() for runtime in allowed if dates[runtime] <= today}
    assert deprecated == {}, "remove deprecated runtimes from modules/lambda-function/variables.tf"
