"""Answers for the aws provider (5.100) calls that moto 5.2.x lacks or answers differently.

One module per AWS service (``sqs``, ``awslambda``, ``codedeploy``, ...); each patch is a small
function registered with ``@patch`` and documented with the provider behaviour it fixes. They run
inside the emulator process only (``server.py``), never in tests' in-process moto mocks. Every
patch has a test in ``tests/emulator_compat/test_<service>.py``, beside the others of its service.

State that a patch adds lives in the moto backend instance it belongs to (``registry.state``), so
that moto's ``/moto-api/reset`` forgets it together with everything else: a backend reset rebuilds
the instance's ``__dict__``.
"""

from slsguard.emulator.compat import (  # noqa: F401  (importing a service module registers its patches)
    apigateway,
    applicationautoscaling,
    awslambda,
    budgets,
    codedeploy,
    dynamodb,
    kinesis,
    kms,
    logs,
    sns,
    sqs,
    stepfunctions,
)
from slsguard.emulator.compat.registry import PATCHES, apply_all

__all__ = ["PATCHES", "apply_all"]
