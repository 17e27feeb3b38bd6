# State must outlive the runner: an S3 backend whose bucket, key and region come from the workflow's
# `backend-config` input, so each environment keeps its own state file. Remove this file (and providers.tf) when
# you call this directory as a child module from your own root module.
terraform {
  backend "s3" {}
}
