import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  AssociateCustomDomainCommand,
  CreateServiceCommand,
  DescribeCustomDomainsCommand,
  UpdateServiceCommand,
  type CustomDomain,
} from '@aws-sdk/client-apprunner';
import { appRunner } from '../../src/targets/apprunner/index.ts';
import { runningService, SERVICE_ARN } from '../unit/fixtures.ts';
import { quietIt } from '../e2e/support/quiet.ts';
import { givenNoService, givenService } from './harness.ts';
import { IMAGE_INPUTS, sent, setUp } from './apprunner-support.ts';

const it = quietIt(jestIt);
const { mocks, reset, run } = setUp();
beforeEach(reset);

const TARGET = 'abc123.eu-west-1.awsapprunner.com';
const DOMAIN = { ...IMAGE_INPUTS, 'custom-domain': 'Shop.Example.com.', 'custom-domain-www': 'true' };
const VALIDATION = [
  {
    Name: '_1.shop.example.com',
    Type: 'CNAME' as const,
    Value: '_2.acm-validations.aws',
    Status: 'PENDING_VALIDATION' as const,
  },
  { Name: '_3.www.shop.example.com', Value: '_4.acm-validations.aws' },
];

/** DescribeCustomDomains answers `pages` in turn (each a list of domains), again from the start on every call. */
function givenDomains(...states: CustomDomain[][][]) {
  let call = 0;
  mocks.apprunner.on(DescribeCustomDomainsCommand).callsFake((input) => {
    const pages = states[Math.min(call, states.length - 1)];
    const page = Number(input.NextToken ?? 0);
    if (page === pages.length - 1) call += 1;
    return {
      DNSTarget: TARGET,
      ServiceArn: SERVICE_ARN,
      CustomDomains: pages[page],
      NextToken: page < pages.length - 1 ? String(page + 1) : undefined,
    };
  });
}

const associated = (status: string, extra: Partial<CustomDomain> = {}): CustomDomain => ({
  DomainName: 'shop.example.com',
  EnableWWWSubdomain: true,
  Status: status as CustomDomain['Status'],
  ...extra,
});

function captured<T>(work: () => Promise<T>): Promise<T & { log: string }> {
  const written: string[] = [];
  const real = process.stdout.write;
  process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
  return work()
    .then((result) => ({ ...result, log: written.join('') }))
    .finally(() => (process.stdout.write = real));
}

describe('custom domain', () => {
  it('associates the domain once, then reports its status and DNS records as outputs', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    givenDomains(
      [[]],
      [[associated('PENDING_CERTIFICATE_DNS_VALIDATION', { CertificateValidationRecords: VALIDATION })]],
    );
    mocks.apprunner.on(AssociateCustomDomainCommand).resolves({ CustomDomain: associated('CREATING') });
    const { error, outcome, clock, mutating } = await run(DOMAIN);
    expect(error).toBeUndefined();
    expect(mocks.apprunner.commandCalls(AssociateCustomDomainCommand).map((c) => c.args[0].input)).toEqual([
      { ServiceArn: SERVICE_ARN, DomainName: 'shop.example.com', EnableWWWSubdomain: true },
    ]);
    // Waited for the validation records once, a second.
    expect(clock.sleeps).toEqual([1000]);
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('no change');
    const outputs = appRunner.outputs({ ...outcome, result: undefined });
    expect(outputs['custom-domain-status']).toBe('PENDING_CERTIFICATE_DNS_VALIDATION');
    expect(JSON.parse(outputs['custom-domain-records'] ?? '')).toEqual({
      domain: 'shop.example.com',
      status: 'PENDING_CERTIFICATE_DNS_VALIDATION',
      target: TARGET,
      records: [
        { purpose: 'target', name: 'shop.example.com', type: 'CNAME', value: TARGET },
        { purpose: 'target', name: 'www.shop.example.com', type: 'CNAME', value: TARGET },
        {
          purpose: 'certificate-validation',
          name: '_1.shop.example.com',
          type: 'CNAME',
          value: '_2.acm-validations.aws',
          status: 'PENDING_VALIDATION',
        },
        {
          purpose: 'certificate-validation',
          name: '_3.www.shop.example.com',
          type: 'CNAME',
          value: '_4.acm-validations.aws',
        },
      ],
    });
    expect(outcome.tables?.[0]).toMatchObject({
      title: 'Custom domain shop.example.com: PENDING_CERTIFICATE_DNS_VALIDATION',
      header: ['Purpose', 'Name', 'Type', 'Value', 'Status'],
    });
    expect(outcome.tables?.[0].rows[2]).toEqual([
      'certificate-validation',
      '_1.shop.example.com',
      'CNAME',
      '_2.acm-validations.aws',
      'PENDING_VALIDATION',
    ]);
  });

  it('does not associate again on a second run, finding the domain on any page, and warns of a www change', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    const other = { DomainName: 'other.example.com', EnableWWWSubdomain: false, Status: 'ACTIVE' as const };
    givenDomains([[other], [associated('ACTIVE')]]);
    const again = await captured(() => run(DOMAIN));
    expect(again.error).toBeUndefined();
    expect(sent(mocks.apprunner)).not.toContain('AssociateCustomDomain');
    // Two pages (the paginator reuses one input object, so only the last token can be seen).
    const listed = mocks.apprunner.commandCalls(DescribeCustomDomainsCommand).map((c) => c.args[0].input);
    expect(listed).toHaveLength(2);
    expect(listed[1]).toMatchObject({ ServiceArn: SERVICE_ARN, MaxResults: 5, NextToken: '1' });
    expect(again.outcome.customDomainStatus).toBe('ACTIVE');
    expect(again.clock.sleeps).toEqual([]);
    expect(again.log).not.toContain('::warning::');

    const noWww = await captured(() => run({ ...DOMAIN, 'custom-domain-www': 'false' }));
    expect(sent(mocks.apprunner)).not.toContain('AssociateCustomDomain');
    expect(noWww.log).toContain(
      '::warning::Custom domain shop.example.com is associated with www on, and an association cannot change',
    );
    // What is associated is what is reported: www still served.
    expect(JSON.parse(noWww.outcome.customDomainRecords ?? '').records).toHaveLength(2);
  });

  it('associates before an update: App Runner refuses it while an operation is in progress', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    givenDomains([[]]);
    mocks.apprunner.on(AssociateCustomDomainCommand).resolves({ CustomDomain: associated('ACTIVE') });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, outcome } = await run({ ...DOMAIN, cpu: '2', memory: '4' });
    expect(error).toBeUndefined();
    const order = sent(mocks.apprunner);
    expect(order.indexOf('AssociateCustomDomain')).toBeLessThan(order.indexOf('UpdateService'));
    expect(outcome.customDomainStatus).toBe('ACTIVE');
  });

  it('associates with a new service once it runs, and says to run again while the records are not known', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    givenNoService(mocks.apprunner);
    mocks.apprunner.on(CreateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    givenDomains([[]]);
    mocks.apprunner
      .on(AssociateCustomDomainCommand)
      .resolves({ CustomDomain: associated('CREATING', { EnableWWWSubdomain: false }) });
    const { error, outcome, clock, log } = await captured(() => run({ ...DOMAIN, 'custom-domain-www': '' }));
    expect(error).toBeUndefined();
    const order = sent(mocks.apprunner);
    expect(order.indexOf('CreateService')).toBeLessThan(order.indexOf('AssociateCustomDomain'));
    expect(mocks.apprunner.commandCalls(AssociateCustomDomainCommand)[0].args[0].input.EnableWWWSubdomain).toBe(false);
    // 15 polls a second apart after the first look, then it reports what it has.
    expect(mocks.apprunner.commandCalls(DescribeCustomDomainsCommand)).toHaveLength(16);
    expect(clock.sleeps.slice(-15)).toEqual(Array(15).fill(1000));
    expect(outcome.customDomainStatus).toBe('CREATING');
    expect(JSON.parse(outcome.customDomainRecords ?? '').records).toEqual([
      { purpose: 'target', name: 'shop.example.com', type: 'CNAME', value: TARGET },
    ]);
    expect(log).toContain('The certificate validation records are not known yet: run again to see them.');
    expect(log).toContain(`CNAME shop.example.com → ${TARGET} (target)`);
  });

  it('leaves a service without custom-domain alone', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    const { outcome } = await run(IMAGE_INPUTS);
    expect(sent(mocks.apprunner).filter((name) => name.includes('CustomDomain'))).toEqual([]);
    expect(outcome.customDomainStatus).toBeUndefined();
  });
});
