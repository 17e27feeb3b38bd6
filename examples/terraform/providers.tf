# The region comes from AWS_REGION, which aws-actions/configure-aws-credentials sets in the workflow.
provider "aws" {}
