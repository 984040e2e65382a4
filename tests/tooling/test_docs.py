"""`slsguard docs`: generation into README markers, --check on stale READMEs, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import slsguard
from slsguard import docs
from slsguard.errors import SlsguardError

VARIABLES_TF = '''\
variable "name" {
  description = "Name of the \\"thing\\"; see <docs> | pipes."
  type        = string
}

variable "grants" {
  description = <<-EOT
    Grants keyed by name,
    with "quotes" in a heredoc.
  EOT
  type = map(object({
    actions = list(string)
    effect  = optional(string, "Allow")
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.grants) : can(regex("^[A-Za-z]+$", key))])
    error_message = "keys are letters; the type = string inside this message is not a type."
  }
}

variable "retention" {
  description = "Days (GenerateDataKey* and ReEncrypt* must not turn italic)."
  type        = number
  default     = -1
}

variable "labels" {
  type    = list(string)
  default = ["a|b", "c"]
}

variable "anything" {
  description = "No type constraint."
  default     = null
}
'''

OUTPUTS_TF = '''\
output "arn" {
  description = "ARN of the thing."
  value       = "arn:aws:thing:${var.name}"
}

output "id" {
  value = var.name
}
'''

README = "# thing\n\nHand-written text.\n\n<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n\nFooter.\n"


def _module(root: Path, variables: str = VARIABLES_TF, outputs: str = OUTPUTS_TF, readme: str = README) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "variables.tf").write_text(variables)
    (root / "outputs.tf").write_text(outputs)
    (root / "README.md").write_text(readme)
    return root


def test_generates_tables_between_markers(tmp_path: Path):
    module = _module(tmp_path / "thing")
    assert docs.main([str(module)]) == 0
    text = (module / "README.md").read_text()
    assert text.startswith("# thing\n\nHand-written text.\n\n<!-- BEGIN_TF_DOCS -->\n## Inputs\n")
    assert text.endswith("<!-- END_TF_DOCS -->\n\nFooter.\n")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == [
        # required first, then by name
        '| `name` | Name of the "thing"; see &lt;docs&gt; \\| pipes. | `string` | n/a | yes |',
        "| `anything` | No type constraint. | `any` | `null` | no |",
        '| `grants` | Grants keyed by name, with "quotes" in a heredoc. | '
        '`map(object({ actions = list(string), effect = optional(string, "Allow") }))` | `{}` | no |',
        '| `labels` |  | `list(string)` | `["a\\|b", "c"]` | no |',
        "| `retention` | Days (GenerateDataKey\\* and ReEncrypt\\* must not turn italic). | `number` | `-1` | no |",
        "| `arn` | ARN of the thing. |",
        "| `id` |  |",
    ]
    assert "| Name | Description | Type | Default | Required |" in text
    assert "| Name | Description |" in text


def test_second_run_changes_nothing_and_check_passes(tmp_path: Path, capsys):
    module = _module(tmp_path / "thing")
    docs.main([str(module)])
    first = (module / "README.md").read_text()
    capsys.readouterr()
    assert docs.main([str(module)]) == 0
    assert (module / "README.md").read_text() == first
    assert capsys.readouterr().out == "", "an up-to-date README is not rewritten"
    assert docs.main(["--check", str(module)]) == 0


def test_check_names_stale_readmes_and_writes_nothing(tmp_path: Path):
    current = _module(tmp_path / "current")
    stale = _module(tmp_path / "stale")
    docs.main([str(current), str(stale)])
    (stale / "outputs.tf").write_text(OUTPUTS_TF.replace("ARN of the thing.", "The ARN."))
    before = (stale / "README.md").read_text()

    result = slsguard("docs", "--check", str(current), str(stale))
    assert result.returncode == 1
    assert str(stale / "README.md") in result.stderr and str(current / "README.md") not in result.stderr
    assert (stale / "README.md").read_text() == before

    assert slsguard("docs", str(current), str(stale)).returncode == 0
    assert "The ARN." in (stale / "README.md").read_text()
    assert slsguard("docs", "--check", str(current), str(stale)).returncode == 0


def test_files_mode_checks_the_folders_whose_readme_has_markers(tmp_path: Path, capsys):
    """pre-commit passes changed files: their folders with marked READMEs are the modules."""
    module = _module(tmp_path / "thing")
    root = tmp_path / "root"
    root.mkdir()
    (root / "variables.tf").write_text(VARIABLES_TF)
    (root / "README.md").write_text("# A root, not a documented module\n")
    changed = [module / "variables.tf", module / "README.md", root / "variables.tf", root / "README.md"]
    assert docs.main(["--check", "--files", *map(str, changed)]) == 1
    assert capsys.readouterr().err.count("is out of date") == 1
    assert docs.main(["--files", *map(str, changed)]) == 0
    assert docs.main(["--check", "--files", *map(str, changed)]) == 0
    assert (root / "README.md").read_text() == "# A root, not a documented module\n"


def test_module_without_inputs_or_outputs(tmp_path: Path):
    module = _module(tmp_path / "bare", variables="", outputs="")
    docs.main([str(module)])
    text = (module / "README.md").read_text()
    assert "No inputs." in text and "No outputs." in text


@pytest.mark.parametrize("readme, problem", [
    ("# no markers\n", "must contain"),
    ("<!-- END_TF_DOCS -->\n<!-- BEGIN_TF_DOCS -->\n", "must contain"),
    ("<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n<!-- BEGIN_TF_DOCS -->\n", "must contain"),
])
def test_bad_markers_are_an_error(tmp_path: Path, readme: str, problem: str):
    module = _module(tmp_path / "thing", readme=readme)
    with pytest.raises(SlsguardError, match=problem):
        docs.main([str(module)])
    result = slsguard("docs", str(module))
    assert result.returncode == 2 and problem in result.stderr and "Traceback" not in result.stderr
    assert (module / "README.md").read_text() == readme


@pytest.mark.parametrize("variables", [
    'variable "x" {\n  type = map(string\n}\n',  # unbalanced parenthesis
    'variable "x" {\n  description = "unterminated\n}\n',
    'variable "x" {\n  type = string\n',  # unclosed block
])
def test_unparsable_hcl_is_an_error(tmp_path: Path, variables: str):
    module = _module(tmp_path / "thing", variables=variables)
    result = slsguard("docs", "--check", str(module))
    assert result.returncode == 2, result
    assert "variables.tf is not valid HCL" in result.stderr and "Traceback" not in result.stderr


def test_missing_readme_and_non_modules_are_errors(tmp_path: Path):
    module = _module(tmp_path / "thing")
    (module / "README.md").unlink()
    with pytest.raises(SlsguardError, match="README.md does not exist"):
        docs.main([str(module)])
    (tmp_path / "empty").mkdir()
    with pytest.raises(SlsguardError, match="is not a module"):
        docs.main([str(tmp_path / "empty")])
    with pytest.raises(SlsguardError, match="is not a folder"):
        docs.main([str(tmp_path / "missing")])


def test_listed_in_the_cli_help():
    result = slsguard("--help")
    assert result.returncode == 0 and "\n  docs " in result.stdout
