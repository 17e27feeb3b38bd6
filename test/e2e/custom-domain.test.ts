import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectNoLeaks,
  expectSuccess,
  mutatingOperations,
  seededImage,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness({ operationMs: 300 });

async function run(given: Record<string, string>) {
  const before = harness.emulator.calls().length;
  const result = await harness.run(given);
  return { ...result, calls: harness.emulator.calls().slice(before) };
}

interface Records {
  domain: string;
  status: string;
  target: string;
  records: { purpose: string; name: string; type: string; value: string; status?: string }[];
}

describe('custom-domain', () => {
  it('associates the domain once a new service runs, reports the records, and a rerun does not associate again', async () => {
    const { emulator } = harness;
    const inputs = {
      service: 'domain-web',
      image: seededImage(emulator, 'domain-web', 'v1'),
      'access-role-arn': accessRole(emulator),
      'custom-domain': 'shop.example.com',
      'custom-domain-www': 'true',
    };
    const first = await run(inputs);

    expectSuccess(first);
    expect(mutatingOperations(first.calls)).toEqual(['CreateService', 'AssociateCustomDomain']);
    const host = emulator.service('domain-web')?.description.ServiceUrl as string;
    expect(first.outputs['custom-domain-status']).toBe('PENDING_CERTIFICATE_DNS_VALIDATION');
    const records = JSON.parse(first.outputs['custom-domain-records'] ?? '{}') as Records;
    expect(records).toMatchObject({ domain: 'shop.example.com', target: host });
    expect(records.records.slice(0, 2)).toEqual([
      { purpose: 'target', name: 'shop.example.com', type: 'CNAME', value: host },
      { purpose: 'target', name: 'www.shop.example.com', type: 'CNAME', value: host },
    ]);
    const validation = records.records.filter((item) => item.purpose === 'certificate-validation');
    expect(validation).toHaveLength(2);
    expect(validation[0]).toMatchObject({ type: 'CNAME', status: 'PENDING_VALIDATION' });
    expect(first.summary).toContain('Custom domain shop.example.com: PENDING_CERTIFICATE_DNS_VALIDATION');
    expect(first.summary).toContain(`<td>${validation[0].name}</td>`);

    emulator.validateCustomDomain('domain-web', 'shop.example.com');
    const rerun = await run(inputs);
    expectSuccess(rerun);
    expect(mutatingOperations(rerun.calls)).toEqual([]);
    expect(rerun.outputs['custom-domain-status']).toBe('ACTIVE');
    expectNoLeaks(rerun);
  });

  it('associates before the update of a running service, without www unless asked', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'domain-api');
    const result = await run({ service: 'domain-api', image: v2, 'custom-domain': 'api.example.com' });

    expectSuccess(result);
    expect(mutatingOperations(result.calls)).toEqual(['AssociateCustomDomain', 'UpdateService']);
    const records = JSON.parse(result.outputs['custom-domain-records'] ?? '{}') as Records;
    expect(records.records.map((item) => item.name)).not.toContain('www.api.example.com');
    const associate = result.calls.find((call) => call.operation === 'AssociateCustomDomain');
    expect(associate?.input).toMatchObject({ DomainName: 'api.example.com', EnableWWWSubdomain: false });
  });
});
