# Egress of the App Runner service into the VPC: a security group that allows only outbound traffic (App Runner
# never accepts connections through a VPC connector) and the connector over the given private subnets.

resource "aws_security_group" "connector" {
  name_prefix = "${var.name}-apprunner-"
  description = "App Runner VPC connector of ${var.name}: outbound only"
  vpc_id      = var.vpc_id
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "connector" {
  for_each = toset(var.egress_cidr_blocks)

  security_group_id = aws_security_group.connector.id
  description       = "Outbound from the App Runner service"
  ip_protocol       = "-1"
  cidr_ipv4         = each.value
  tags              = var.tags
}

resource "aws_apprunner_vpc_connector" "this" {
  vpc_connector_name = "${var.name}-egress"
  subnets            = var.private_subnet_ids
  security_groups    = [aws_security_group.connector.id]
  tags               = var.tags
}

# The records of the action's `custom-domain`: a CNAME from the domain (and www.) to the service's domain, and the
# certificate validation CNAMEs, as the `custom-domain-records` output lists them. App Runner issues the certificate
# once the validation records resolve. An apex domain (example.com) cannot hold a CNAME: give it an alias record.
locals {
  custom_domain = var.custom_domain_records == "" ? null : jsondecode(var.custom_domain_records)
  custom_domain_dns = var.route53_zone_id == null || local.custom_domain == null ? {} : {
    for record in local.custom_domain.records : "${record.purpose}:${record.name}" => record
  }
}

resource "aws_route53_record" "custom_domain" {
  for_each = local.custom_domain_dns

  zone_id = var.route53_zone_id
  name    = each.value.name
  type    = each.value.type
  ttl     = 300
  records = [each.value.value]
}
