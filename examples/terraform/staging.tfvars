name               = "my-app-staging"
vpc_id             = "vpc-0123456789abcdef0"
private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
secrets = {
  DATABASE_URL = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:my-app/staging/database-url-AbCdEf"
  API_KEY      = "arn:aws:ssm:eu-west-1:111122223333:parameter/my-app/staging/api-key"
}
tags = {
  app         = "my-app"
  environment = "staging"
}
# The roles of github-oidc.tf: the deploy role for jobs in the `staging` environment, the read-only plan role for
# pull request plans (environment `plan`).
github_repository          = "my-org/my-app"
github_deploy_environments = ["staging"]
github_plan_environments   = ["plan"]
