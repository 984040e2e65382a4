"""`make demo`: the main job, end to end, on the built-in AWS emulator.

Starts the emulator on a free loopback port, applies the reference example, reads back with boto3
what was built, destroys it and stops the emulator — also when a step fails.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from harness.terraform import example_root  # noqa: E402
from slsguard import toolchain  # noqa: E402
from slsguard.emulator import control  # noqa: E402
from slsguard.errors import SlsguardError  # noqa: E402

EXAMPLE = REPO / "modules" / "kms-key" / "examples" / "complete"


class Progress:
    """Prints each step with the time elapsed since the demo started."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def step(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)


def summarise(emulator: control.Emulator, outputs: dict) -> list[str]:
    import boto3

    kms = boto3.client("kms", endpoint_url=emulator.endpoint, region_name=control.REGION,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    lines = []
    for alias in kms.list_aliases()["Aliases"]:
        if alias["AliasName"].startswith("alias/aws/") or "TargetKeyId" not in alias:
            continue
        key = kms.describe_key(KeyId=alias["TargetKeyId"])["KeyMetadata"]
        rotation = kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"]
        lines.append(f"KMS key {alias['AliasName']}: {key['KeySpec']}, {key['KeyState']}, rotation "
                     f"{'on' if rotation else 'off'}")
    lines += [f"output {name} = {value}" for name, value in sorted(outputs.items())
              if isinstance(value, (str, int, bool))]
    return lines


def main() -> int:
    progress = Progress()
    try:
        chain = toolchain.default()
        progress.step(f"terraform {'.'.join(map(str, chain.version))}, provider mirror: {chain.mirror or 'none (registry)'}")
        emulator = control.start(ttl=900)
    except SlsguardError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 2
    progress.step(f"emulator running at {emulator.endpoint} (pid {emulator.pid})")
    try:
        with tempfile.TemporaryDirectory(prefix="slsguard-demo-") as workdir:
            root = example_root(Path(workdir) / "root", chain, EXAMPLE, env=emulator.aws_env())
            progress.step(f"init + apply {EXAMPLE.relative_to(REPO)}")
            root.apply()
            progress.step("plan again: expecting no changes")
            pending = root.pending_changes()
            if pending:
                raise SlsguardError(f"the plan after apply still wants changes: {pending}")
            outputs = root.outputs()
            progress.step("built:")
            for line in summarise(emulator, outputs):
                print(f"    {line}")
            progress.step("destroy")
            root.destroy()
    except SlsguardError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 1
    finally:
        control.stop(emulator)
        progress.step("emulator stopped")
    progress.step("demo finished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
