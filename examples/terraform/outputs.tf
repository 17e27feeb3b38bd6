# The names the reusable workflow infra.yml reads (as vpc-connector-arn, instance-role-arn, access-role-arn,
# ecr-repository and secrets). Keep them if you copy this module into your own root module.

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
