# VPC attachment: Lambda creates, reuses and deletes the function's network interfaces with the
# execution role, and refuses to create or update the function when the role lacks these actions.
# AWSLambdaVPCAccessExecutionRole grants them on "*"; here only the two Describe actions, which
# have no resource types, stay on "*". Creating an interface is limited to this function's
# subnets and security groups, and managing one to the interfaces of this account and region
# (interface ids are chosen by EC2, so no narrower ARN can be written before they exist).

locals {
  vpc_subnet_arns = var.vpc == null ? [] : [
    # Any account: in a shared VPC the subnet belongs to the VPC owner; its id alone is unique.
    for id in var.vpc.subnet_ids : "arn:${data.aws_partition.current.partition}:ec2:${data.aws_service.current.region}:*:subnet/${id}"
  ]
  vpc_security_group_arns = var.vpc == null ? [] : [
    for id in var.vpc.security_group_ids : "arn:${data.aws_partition.current.partition}:ec2:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:security-group/${id}"
  ]
  vpc_network_interfaces = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:network-interface/*"

  vpc_statements = var.vpc == null ? [] : [
    {
      Sid      = "VpcDescribe"
      Effect   = "Allow"
      Action   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
      Resource = ["*"]
    },
    {
      Sid      = "VpcCreateNetworkInterface"
      Effect   = "Allow"
      Action   = ["ec2:CreateNetworkInterface"]
      Resource = concat([local.vpc_network_interfaces], local.vpc_subnet_arns, local.vpc_security_group_arns)
    },
    {
      Sid      = "VpcManageNetworkInterfaces"
      Effect   = "Allow"
      Action   = ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
      Resource = [local.vpc_network_interfaces]
    },
  ]
}
