# The roles GitHub Actions assumes through OIDC, one per kind of job, each trusting the subject of one set of GitHub
# environments only (StringEquals on the `sub` claim, never a wildcard such as `repo:<owner>/<repo>:*`):
#
# - the deploy role (Terraform apply and the app deploy) trusts `repo:<owner>/<repo>:environment:<stage>`. Any
#   workflow of any branch can put a job in an environment that has no deployment branch policy, so restrict the
#   stage's environment to protected branches (Settings -> Environments -> Deployment branches and tags); this
#   condition then means "a job that GitHub let into that environment".
# - the plan role trusts the plan environments only (`plan` for pull requests, `<stage>-plan`, ...), and may only
#   read. A pull request's plan runs the pull request's code with it, and its token's subject is
#   `environment:plan`, so it can never assume the deploy role, whatever AWS_ROLE_ARN it falls back to.
#
# Created only when github_repository is set. They must exist before the workflows can run, so the first apply that
# creates them is run by hand, with your own credentials; give the deploy role the permissions Terraform and the
# action need (README: "The IAM role GitHub assumes").

data "aws_caller_identity" "current" {}

locals {
  github_oidc_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  github_roles             = var.github_repository == "" ? 0 : 1
}

data "aws_iam_policy_document" "github_deploy_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [for environment in var.github_deploy_environments : "repo:${var.github_repository}:environment:${environment}"]
    }
  }
}

data "aws_iam_policy_document" "github_plan_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [for environment in var.github_plan_environments : "repo:${var.github_repository}:environment:${environment}"]
    }
  }
}

resource "aws_iam_role" "github_deploy" {
  count = local.github_roles

  name               = "${var.name}-github-deploy"
  assume_role_policy = data.aws_iam_policy_document.github_deploy_trust.json
  tags               = var.tags
}

resource "aws_iam_role" "github_plan" {
  count = local.github_roles

  name               = "${var.name}-github-plan"
  assume_role_policy = data.aws_iam_policy_document.github_plan_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "github_plan_read_only" {
  count = local.github_roles

  role       = aws_iam_role.github_plan[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}
