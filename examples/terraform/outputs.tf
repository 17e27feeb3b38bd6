# The names the reusable workflow infra.yml reads (as vpc-connector-arn, instance-role-arn, access-role-arn,
# ecr-repository and secrets, and for ECS Express execution-role-arn and infrastructure-role-arn). Keep them if you
# copy this module into your own root module.

output "vpc_connector_arn" {
  description = "VPC connector the service egresses through."
  value       = aws_apprunner_vpc_connector.this.arn
}

output "instance_role_arn" {
  description = "Role the running service assumes (reads the runtime secrets)."
  value       = aws_iam_role.instance.arn
}

output "access_role_arn" {
  description = "Role App Runner pulls from ECR with."
  value       = aws_iam_role.access.arn
}

output "execution_role_arn" {
  description = "ECS Express task execution role (pulls the image, writes logs, reads the runtime secrets)."
  value       = aws_iam_role.execution.arn
}

output "infrastructure_role_arn" {
  description = "ECS Express infrastructure role (load balancer, certificate, security groups, auto scaling)."
  value       = aws_iam_role.infrastructure.arn
}

output "ecr_repository" {
  description = "Name of the ECR repository the image is pushed to."
  value       = aws_ecr_repository.app.name
}

output "secrets" {
  description = "Runtime secrets, environment variable name => ARN (infra.yml turns them into KEY=ARN lines)."
  value       = var.secrets
}

output "ecr_repository_url" {
  description = "URI of the ECR repository."
  value       = aws_ecr_repository.app.repository_url
}

output "security_group_id" {
  description = "Security group of the VPC connector: allow it in the security groups of the databases the service uses."
  value       = aws_security_group.connector.id
}

output "github_deploy_role_arn" {
  description = "Role of the Terraform apply and app deploy jobs (the AWS_ROLE_ARN of the stage's environment), when github_repository is set."
  value       = one(aws_iam_role.github_deploy[*].arn)
}

output "github_plan_role_arn" {
  description = "Read-only role of the plan jobs (the AWS_ROLE_ARN of the plan environments), when github_repository is set."
  value       = one(aws_iam_role.github_plan[*].arn)
}
