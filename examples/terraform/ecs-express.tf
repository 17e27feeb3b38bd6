# The two roles an Amazon ECS Express Mode service needs (the ecs-express action, or app.yml with
# `target: ecs-express`). Unused by App Runner, and harmless to keep while you move a service over.

# The role ECS manages the service's load balancer, target groups, certificate, security groups and auto scaling
# with: trusted by ecs.amazonaws.com, with the AWS managed policy AWS documents for Express Mode
# (AmazonECSInfrastructureRoleforExpressGatewayServices, in the service-role/ path; checked against the AWS managed
# policy reference). It is given on create and cannot change afterwards.
data "aws_iam_policy_document" "infrastructure_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "infrastructure" {
  name               = "${var.name}-ecs-express-infrastructure"
  assume_role_policy = data.aws_iam_policy_document.infrastructure_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "infrastructure_express" {
  role       = aws_iam_role.infrastructure.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices"
}

# The task execution role: pulls the image from ECR, writes the container logs and reads the runtime secrets
# (ECS resolves `valueFrom` with this role, not with the task role). Trusted by ecs-tasks.amazonaws.com.
data "aws_iam_policy_document" "execution_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-task-execution"
  assume_role_policy = data.aws_iam_policy_document.execution_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution_ecs" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# The same secrets the App Runner instance role may read (iam.tf), and nothing else; no policy without secrets.
resource "aws_iam_role_policy" "execution_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "read-runtime-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.instance_secrets.json
}
