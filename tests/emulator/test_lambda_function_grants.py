"""Emulator tier of the lambda-function typed grants: apply examples/typed-grants to moto, re-plan,
prove, destroy.

The example's function reads a Secrets Manager secret and an SSM parameter path, reads and writes
one prefix of an S3 bucket, reads a Kinesis stream, invokes a second lambda-function module through
its grant_target and starts a step-function module's state machine through its grant_target. The
proof is the applied role policy read back from IAM: exact actions on the ARNs the emulator gave
the created resources, each key through its own service, and nothing on "*" but X-Ray.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "lambda-function" / "examples" / "typed-grants"
NAME = "slsguard-order-exports"  # the example's default name prefix
OBJECT_WRITES = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
STREAM_READS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                "kinesis:GetShardIterator", "kinesis:ListShards"]


def test_typed_grants_example(aws, example_root):
    iam, secrets, ssm = aws.client("iam"), aws.client("secretsmanager"), aws.client("ssm")
    s3, kinesis, sfn = aws.client("s3"), aws.client("kinesis"), aws.client("stepfunctions")
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)
    tf_vars = {"zip_path": str(zip_path), "exports_force_destroy": True}

    with applied(root, tf_vars) as outputs:
        function, key_arn = outputs["function"], outputs["kms_key_arn"]
        # The targets exist as the grants name them: the ARNs built from names are the real ones.
        secret = secrets.describe_secret(SecretId=outputs["secret_arn"])
        assert secret["ARN"] == outputs["secret_arn"] and secret["KmsKeyId"] == key_arn
        parameters = ssm.get_parameters_by_path(Path=f"/{NAME}/config")["Parameters"]
        assert {p["Name"] for p in parameters} == {f"/{NAME}/config/batch-size", f"/{NAME}/config/export-format"}
        assert all(p["ARN"].startswith(outputs["config_path_arn"] + "/") for p in parameters)
        bucket = outputs["exports_bucket_arn"].rsplit(":", 1)[1]
        encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
        assert encryption["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}
        stream = kinesis.describe_stream_summary(StreamName=f"{NAME}-clicks")["StreamDescriptionSummary"]
        assert stream["StreamARN"] == outputs["clicks_stream_arn"] and stream["EncryptionType"] == "KMS"
        machine = outputs["reconcile"]["grant_target"]
        assert sfn.describe_state_machine(stateMachineArn=machine["arn"])["stateMachineArn"] == machine["arn"]
        pricing = outputs["pricing"]["grant_target"]
        assert pricing == {"type": "lambda_function", "arn": outputs["pricing"]["invoke_target_arn"],
                           "kms_key_arn": None, "stream_arn": None}

        document = iam.get_role_policy(RoleName=function["role_name"], PolicyName="least-privilege")["PolicyDocument"]
        statements = {s["Sid"]: s for s in (json.loads(document) if isinstance(document, str) else document)["Statement"]}
        grants = {sid: (s["Action"], s["Resource"], s.get("Condition")) for sid, s in statements.items() if sid.startswith("Grant")}

        def via(service):
            return {"StringEquals": {"kms:ViaService": f"{service}.{aws.region}.amazonaws.com"}}

        exports = outputs["exports_bucket_arn"]
        assert grants == {
            "Grantdatabase": (["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], [outputs["secret_arn"]], None),
            "GrantdatabaseKey": (["kms:Decrypt"], [key_arn], via("secretsmanager")),
            "Grantconfig": (["ssm:GetParameter", "ssm:GetParameters"], [outputs["config_path_arn"] + "/*"], None),
            "GrantconfigPath": (["ssm:GetParametersByPath"], [outputs["config_path_arn"]], None),
            "GrantexportsRead": (["s3:GetObject"], [f"{exports}/daily/*"], None),
            "GrantexportsWrite": (OBJECT_WRITES, [f"{exports}/daily/*"], None),
            "GrantexportsList": (["s3:ListBucket"], [exports], {"StringLike": {"s3:prefix": ["daily/*"]}}),
            "GrantexportsKey": (["kms:GenerateDataKey", "kms:Decrypt"], [key_arn], via("s3")),
            "Grantclicks": (STREAM_READS, [outputs["clicks_stream_arn"]], None),
            "GrantclicksKey": (["kms:Decrypt"], [key_arn], via("kinesis")),
            "Grantpricing": (["lambda:InvokeFunction"], [pricing["arn"]], None),
            "Grantreconcile": (["states:StartExecution"], [machine["arn"]], None),
            "GrantreconcileKey": (["kms:GenerateDataKey", "kms:Decrypt"], [key_arn], via("states")),
        }
        assert all(s["Resource"] != ["*"] for sid, s in statements.items() if sid != "XRay")

    assert not [f for f in aws.client("lambda").list_functions()["Functions"] if f["FunctionName"].startswith(NAME)], \
        "functions left behind"
    assert not [b for b in s3.list_buckets()["Buckets"] if b["Name"].startswith(NAME)], "bucket left behind"
    assert not kinesis.list_streams()["StreamNames"], "stream left behind"
