name               = "my-app-production"
vpc_id             = "vpc-00000000000000001"
private_subnet_ids = ["subnet-00000000000000001", "subnet-0fedcba9876543210"]
secrets = {
  DATABASE_URL = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:my-app/production/database-url-AbCdEf"
  API_KEY      = "arn:aws:ssm:eu-west-1:111122223333:parameter/my-app/production/api-key"
}
tags = {
  app         = "my-app"
  environment = "production"
}
# The roles of github-oidc.tf: the deploy role for jobs in `production` (restricted to protected branches or tags),
# the read-only plan role for the plan job in `production-plan`.
github_repository          = "my-org/my-app"
github_deploy_environments = ["production"]
github_plan_environments   = ["production-plan"]
