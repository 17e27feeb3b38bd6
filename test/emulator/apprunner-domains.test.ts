import { describe, expect, it } from '@jest/globals';
import {
  AssociateCustomDomainCommand,
  CreateServiceCommand,
  DescribeCustomDomainsCommand,
  InvalidRequestException,
  InvalidStateException,
} from '@aws-sdk/client-apprunner';
import { privateImageService, settled } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

describe('custom domains', () => {
  it('associate with a RUNNING service once, then list validation records and the DNS target', async () => {
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'domain-svc')),
    );
    const arn = created?.ServiceArn ?? '';
    await expect(
      ctx.aws.apprunner.send(new AssociateCustomDomainCommand({ ServiceArn: arn, DomainName: 'shop.example.com' })),
    ).rejects.toBeInstanceOf(InvalidStateException);
    const service = await settled(ctx.aws.apprunner, arn);
    const associated = await ctx.aws.apprunner.send(
      new AssociateCustomDomainCommand({ ServiceArn: arn, DomainName: 'shop.example.com' }),
    );
    expect(associated).toMatchObject({
      DNSTarget: service.ServiceUrl,
      CustomDomain: { DomainName: 'shop.example.com', EnableWWWSubdomain: true, Status: 'CREATING' },
    });
    await expect(
      ctx.aws.apprunner.send(new AssociateCustomDomainCommand({ ServiceArn: arn, DomainName: 'shop.example.com' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const described = await ctx.aws.apprunner.send(new DescribeCustomDomainsCommand({ ServiceArn: arn }));
    expect(described.CustomDomains?.[0]).toMatchObject({ Status: 'PENDING_CERTIFICATE_DNS_VALIDATION' });
    expect(described.CustomDomains?.[0].CertificateValidationRecords?.map((item) => item.Name)).toEqual([
      expect.stringMatching(/^_[0-9a-f]{32}\.shop\.example\.com\.$/),
      expect.stringMatching(/^_[0-9a-f]{32}\.www\.shop\.example\.com\.$/),
    ]);
    ctx.emulator.validateCustomDomain('domain-svc', 'shop.example.com');
    const active = await ctx.aws.apprunner.send(new DescribeCustomDomainsCommand({ ServiceArn: arn }));
    expect(active.CustomDomains?.[0]).toMatchObject({ Status: 'ACTIVE' });
  });
});
