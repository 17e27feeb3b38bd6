import {
  AssociateCustomDomainCommand,
  paginateDescribeCustomDomains,
  type AppRunnerClient,
  type CustomDomain,
} from '@aws-sdk/client-apprunner';

/** A service's custom domains and the DNS target they must point at (its default domain). */
export async function describeDomains(
  client: AppRunnerClient,
  serviceArn: string,
): Promise<{ target: string; domains: CustomDomain[] }> {
  let target = '';
  const domains: CustomDomain[] = [];
  for await (const page of paginateDescribeCustomDomains({ client, pageSize: 5 }, { ServiceArn: serviceArn })) {
    target = page.DNSTarget ?? target;
    domains.push(...(page.CustomDomains ?? []));
  }
  return { target, domains };
}

export async function associateDomain(
  client: AppRunnerClient,
  request: { serviceArn: string; name: string; www: boolean },
): Promise<CustomDomain | undefined> {
  const answer = await client.send(
    new AssociateCustomDomainCommand({
      ServiceArn: request.serviceArn,
      DomainName: request.name,
      // Always explicit: the API's default is true.
      EnableWWWSubdomain: request.www,
    }),
  );
  return answer.CustomDomain;
}
