import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadModule, resourceBody, type TerraformModule } from './support/terraform.ts';

let module: TerraformModule;

beforeAll(async () => {
  module = await loadModule();
});

describe('examples/terraform: the custom domain records', () => {
  it('creates one Route 53 record per entry of the action output custom-domain-records, in the given zone', () => {
    const record = resourceBody(module, 'aws_route53_record', 'custom_domain');
    expect(record.for_each).toBe('${local.custom_domain_dns}');
    expect(record.zone_id).toBe('${var.route53_zone_id}');
    expect(record).toMatchObject({
      name: '${each.value.name}',
      type: '${each.value.type}',
      records: ['${each.value.value}'],
    });
  });
});
