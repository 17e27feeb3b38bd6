import type { CustomDomain } from '@aws-sdk/client-apprunner';
import { realClock } from '../../../core/clock.js';
import * as workflow from '../../../core/workflow.js';
import { associateDomain, describeDomains } from '../aws/domains.js';
import type { AppRunnerContext } from '../context.js';

interface DnsRecord {
  purpose: 'target' | 'certificate-validation';
  name: string;
  type: string;
  value: string;
  status?: string;
}

/** How long the validation records may take to appear after an association (they come once it leaves CREATING). */
const RECORD_POLLS = 15;

/**
 * `custom-domain`: associates the domain when it is not associated yet (once: a second run finds it), then reports
 * the DNS records to create — the target and the certificate validation — as outputs, in the log and in the summary.
 * Needs a RUNNING service: called before an update, or after a create has been followed.
 */
export async function ensureCustomDomain(context: AppRunnerContext): Promise<void> {
  const { config, outcome, clients } = context;
  const wanted = config.customDomain;
  const serviceArn = outcome.serviceArn;
  if (!wanted || !serviceArn || outcome.customDomainStatus !== undefined) return;
  let { target, domains } = await describeDomains(clients.apprunner, serviceArn);
  let domain = domains.find((item) => item.DomainName === wanted.name);
  if (!domain) {
    workflow.info(`Custom domain: associating ${wanted.name}${wanted.www ? ' and www.' + wanted.name : ''}.`);
    domain = await associateDomain(clients.apprunner, { serviceArn, ...wanted });
  } else if ((domain.EnableWWWSubdomain ?? false) !== wanted.www) {
    workflow.warning(
      `Custom domain ${wanted.name} is associated with www ${domain.EnableWWWSubdomain ? 'on' : 'off'}, and an association cannot change: ` +
        'disassociate it in the App Runner console and run again to change `custom-domain-www`.',
    );
  }
  const clock = context.clock ?? realClock;
  for (let poll = 0; poll < RECORD_POLLS && domain?.Status === 'CREATING'; poll += 1) {
    await clock.sleep(1000);
    ({ target, domains } = await describeDomains(clients.apprunner, serviceArn));
    domain = domains.find((item) => item.DomainName === wanted.name) ?? domain;
  }
  if (domain) record(context, { target, domain });
}

function record(context: AppRunnerContext, found: { target: string; domain: CustomDomain }): void {
  const { outcome } = context;
  const { target, domain } = found;
  const name = domain.DomainName ?? '';
  const records: DnsRecord[] = [
    { purpose: 'target', name, type: 'CNAME', value: target },
    ...(domain.EnableWWWSubdomain
      ? [{ purpose: 'target' as const, name: `www.${name}`, type: 'CNAME', value: target }]
      : []),
    ...(domain.CertificateValidationRecords ?? []).map((item) => ({
      purpose: 'certificate-validation' as const,
      name: item.Name ?? '',
      type: item.Type ?? 'CNAME',
      value: item.Value ?? '',
      status: item.Status,
    })),
  ];
  const status = domain.Status ?? 'UNKNOWN';
  outcome.customDomainStatus = status;
  outcome.customDomainRecords = JSON.stringify({ domain: name, status, target, records });
  const title = `Custom domain ${name}: ${status}`;
  workflow.info(`${title}. DNS records to create:`);
  for (const item of records) workflow.info(`  ${item.type} ${item.name} → ${item.value} (${item.purpose})`);
  if (status === 'CREATING')
    workflow.info('  The certificate validation records are not known yet: run again to see them.');
  outcome.tables = [
    ...(outcome.tables ?? []),
    {
      title,
      header: ['Purpose', 'Name', 'Type', 'Value', 'Status'],
      rows: records.map((item) => [item.purpose, item.name, item.type, item.value, item.status ?? '']),
    },
  ];
}
