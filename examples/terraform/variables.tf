variable "name" {
  description = "Prefix of every resource name; also the ECR repository name unless ecr_repository_name is set. 4-32 characters."
  type        = string

  validation {
    # The VPC connector name is "<name>-egress" and may have 40 characters at most.
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{3,31}$", var.name))
    error_message = "name must be 4-32 lowercase letters, digits, hyphens or underscores (ECR needs lowercase), starting with a letter or digit."
  }
}

variable "vpc_id" {
  description = "VPC the connector's security group belongs to."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets the service's egress goes through (their route to the internet, if any, is a NAT gateway)."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) > 0
    error_message = "Give at least one subnet."
  }
}

variable "egress_cidr_blocks" {
  description = "IPv4 CIDR blocks the service may connect to through the VPC."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "secrets" {
  description = "Runtime secrets of the service: environment variable name => Secrets Manager secret ARN or SSM parameter ARN. The instance role may read these and nothing else."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:[^:]+:(secretsmanager|ssm):", arn))])
    error_message = "Each secret must be a full Secrets Manager secret ARN or SSM parameter ARN."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys the secrets are encrypted with (none needed for the AWS managed keys)."
  type        = list(string)
  default     = []
}

variable "ecr_repository_name" {
  description = "Name of the ECR repository. Defaults to var.name."
  type        = string
  default     = ""
}

variable "image_tag_mutability" {
  description = "MUTABLE or IMMUTABLE tags in the ECR repository."
  type        = string
  default     = "MUTABLE"

  validation {
    condition     = contains(["MUTABLE", "IMMUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be MUTABLE or IMMUTABLE."
  }
}

variable "untagged_image_expiry_days" {
  description = "Days after its push that an untagged image (one whose tag moved to a newer push) expires."
  type        = number
  default     = 30

  validation {
    condition     = var.untagged_image_expiry_days >= 14
    error_message = "untagged_image_expiry_days must be at least 14: a service may still run an image whose tag has moved."
  }
}

variable "expire_tag_prefixes" {
  description = "Tag prefixes of images the lifecycle policy may expire beyond the newest keep_images (e.g. [\"pr-\"]). Images the deploys run must not carry them. Empty: tagged images never expire."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for prefix in var.expire_tag_prefixes : length(prefix) > 0])
    error_message = "An empty prefix would match every tagged image, including the ones services run."
  }
}

variable "keep_images" {
  description = "How many images tagged with one of expire_tag_prefixes the lifecycle policy keeps; older ones expire."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_images >= 10
    error_message = "keep_images must be at least 10, to leave images to roll back to."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "github_repository" {
  description = "GitHub repository (owner/name) whose workflows may assume the roles of github-oidc.tf. Empty: those roles are not created."
  type        = string
  default     = ""

  validation {
    condition     = var.github_repository == "" || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, without wildcards."
  }
}

variable "github_deploy_environments" {
  description = "GitHub environments whose jobs may assume the deploy role. Restrict each to protected branches in GitHub."
  type        = list(string)
  default     = ["staging"]

  validation {
    condition     = alltrue([for environment in var.github_deploy_environments : can(regex("^[A-Za-z0-9_.-]+$", environment))])
    error_message = "Environment names only: a wildcard would let other jobs assume the role."
  }
}

variable "github_plan_environments" {
  description = "GitHub environments whose jobs may assume the read-only plan role, e.g. [\"plan\", \"production-plan\"]."
  type        = list(string)
  default     = ["plan"]

  validation {
    condition     = alltrue([for environment in var.github_plan_environments : can(regex("^[A-Za-z0-9_.-]+$", environment))])
    error_message = "Environment names only: a wildcard would let other jobs assume the role."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of the action's `custom-domain`: with it and `custom_domain_records`, the zone gets the domain's records."
  type        = string
  default     = null
}

variable "custom_domain_records" {
  description = "The action's `custom-domain-records` output (JSON), passed in after the deploy that associated the domain: the target and certificate validation records to create."
  type        = string
  default     = ""
}
