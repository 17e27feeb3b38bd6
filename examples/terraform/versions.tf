# Pinned so that `terraform init` never picks up a new major version on its own. Commit the
# .terraform.lock.hcl that `terraform init` writes next to this file: it records the exact provider version and
# checksums, so every plan and apply (and every developer) uses the same provider build until you run
# `terraform init -upgrade` and commit the new lock file. The workflows' `terraform-version` input pins the CLI.
terraform {
  required_version = ">= 1.10, < 2.0" # 1.10: S3 state locking without DynamoDB (use_lockfile)

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
