data "aws_partition" "current" {}

locals {
  secret_manager_arns = [for arn in values(var.secrets) : arn if can(regex("^arn:[^:]+:secretsmanager:", arn))]
  ssm_parameter_arns  = [for arn in values(var.secrets) : arn if can(regex("^arn:[^:]+:ssm:", arn))]
}

# The role the running service assumes: trusted by the App Runner tasks principal, allowed to read the given
# secrets and nothing else.
data "aws_iam_policy_document" "instance_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["tasks.apprunner.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  name               = "${var.name}-apprunner-instance"
  assume_role_policy = data.aws_iam_policy_document.instance_trust.json
  tags               = var.tags
}

data "aws_iam_policy_document" "instance_secrets" {
  dynamic "statement" {
    for_each = length(local.secret_manager_arns) > 0 ? [1] : []
    content {
      sid       = "ReadSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_manager_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.ssm_parameter_arns) > 0 ? [1] : []
    content {
      sid       = "ReadParameters"
      actions   = ["ssm:GetParameters"]
      resources = local.ssm_parameter_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.secrets_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptSecrets"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns
    }
  }
}

# An IAM policy needs at least one statement, so the policy exists only when there are secrets to read.
resource "aws_iam_role_policy" "instance_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "read-runtime-secrets"
  role   = aws_iam_role.instance.id
  policy = data.aws_iam_policy_document.instance_secrets.json
}

# The role App Runner pulls the image from private ECR with: trusted by the App Runner build principal.
data "aws_iam_policy_document" "access_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["build.apprunner.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "access" {
  name               = "${var.name}-apprunner-ecr-access"
  assume_role_policy = data.aws_iam_policy_document.access_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "access_ecr" {
  role       = aws_iam_role.access.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess"
}
