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
