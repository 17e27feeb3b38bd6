resource "aws_ecr_repository" "app" {
  name = coalesce(var.ecr_repository_name, var.name)
  # App Runner deploys the pushed digest, so a moved tag never changes what runs. IMMUTABLE would make a re-run of
  # the same commit fail whenever the rebuilt image differs by a byte.
  image_tag_mutability = var.image_tag_mutability
  tags                 = var.tags

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# What the lifecycle policy may expire. No rule counts images across all tags: the image a service runs is not
# always among the newest (production runs an older image than staging when they share the repository, and a
# rolled-back deployment leaves the service on the previous one), and App Runner needs it again to deploy it anew:
# resuming a paused service redeploys the version it ran, and a rollback or a `force-deploy` needs it too. The
# workflows tag every image they push with its commit (or `image-tag`), so:
# - untagged images, which a deploy never names (a tag moved to a newer push), expire after
#   `untagged_image_expiry_days`, long enough to go back to one while its service may still run it;
# - tagged images expire only when their tag starts with one of `expire_tag_prefixes` (e.g. throwaway "pr-" builds),
#   and then only beyond the newest `keep_images` of them, enough to roll back a few releases.
locals {
  expire_untagged = {
    rulePriority = 1
    description  = "Expire untagged images ${var.untagged_image_expiry_days} days after their push"
    selection = {
      tagStatus   = "untagged"
      countType   = "sinceImagePushed"
      countUnit   = "days"
      countNumber = var.untagged_image_expiry_days
    }
    action = { type = "expire" }
  }

  expire_prefixed = {
    rulePriority = 2
    description  = "Keep the newest ${var.keep_images} images tagged with an expiring prefix"
    selection = {
      tagStatus     = "tagged"
      tagPrefixList = var.expire_tag_prefixes
      countType     = "imageCountMoreThan"
      countNumber   = var.keep_images
    }
    action = { type = "expire" }
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name

  policy = jsonencode({
    # The prefix rule only with prefixes: ECR refuses a "tagged" rule without any.
    rules = concat([local.expire_untagged], [for rule in [local.expire_prefixed] : rule if length(var.expire_tag_prefixes) > 0])
  })
}
