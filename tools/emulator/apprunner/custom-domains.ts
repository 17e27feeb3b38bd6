/**
 * Custom domains: AssociateCustomDomain and DescribeCustomDomains. An association is CREATING for one operation
 * length, then PENDING_CERTIFICATE_DNS_VALIDATION with its certificate validation records (the emulator cannot see
 * DNS: `validateCustomDomain` makes it ACTIVE). The DNS target is the service's default domain. Record names and
 * values are made up in ACM's shape (`_<hash>.<domain>.` → `_<hash>.<random>.acm-validations.aws.`).
 */
import { createHash } from 'node:crypto';
import { invalidRequest, invalidState } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { optBoolean, reqString, type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import type { ServiceRecord } from './model.ts';
import { findService } from './services.ts';

export interface CustomDomainRecord {
  domain: string;
  www: boolean;
  associatedAt: number;
  active: boolean;
}

/** AWS allows 5 custom domains a service. */
const DOMAINS_PER_SERVICE = 5;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function validationRecords(record: CustomDomainRecord, status: string): JsonObject[] {
  const names = [record.domain, ...(record.www ? [`www.${record.domain}`] : [])];
  return names.map((name) => ({
    Name: `_${hash(name).slice(0, 32)}.${name}.`,
    Type: 'CNAME',
    Value: `_${hash(`v${name}`).slice(0, 32)}.${hash(`z${name}`).slice(0, 10)}.acm-validations.aws.`,
    Status: status === 'ACTIVE' ? 'SUCCESS' : 'PENDING_VALIDATION',
  }));
}

function view(state: EmulatorState, record: CustomDomainRecord): JsonObject {
  const creating = Date.now() - record.associatedAt < state.operationMs;
  const status = creating ? 'CREATING' : record.active ? 'ACTIVE' : 'PENDING_CERTIFICATE_DNS_VALIDATION';
  const domain: JsonObject = { DomainName: record.domain, EnableWWWSubdomain: record.www, Status: status };
  if (!creating) domain.CertificateValidationRecords = validationRecords(record, status);
  return domain;
}

const domainsOf = (state: EmulatorState, service: ServiceRecord): CustomDomainRecord[] => {
  const found = state.customDomains.get(service.arn) ?? [];
  state.customDomains.set(service.arn, found);
  return found;
};

function associate(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  const domain = reqString({ obj: input, key: 'DomainName', path: 'domainName' }).toLowerCase();
  // The API's default: the www subdomain too, unless told otherwise.
  const www = optBoolean({ obj: input, key: 'EnableWWWSubdomain', path: 'enableWWWSubdomain' }) ?? true;
  if (service.status !== 'RUNNING') {
    throw invalidState(
      `You can't associate a custom domain with the service ${service.name} in status ${service.status}`,
    );
  }
  const domains = domainsOf(state, service);
  if (domains.some((item) => item.domain === domain))
    throw invalidRequest(`Domain ${domain} is already associated with the service ${service.name}`);
  if (domains.length >= DOMAINS_PER_SERVICE)
    throw invalidRequest(`The service ${service.name} already has ${DOMAINS_PER_SERVICE} custom domains`);
  const record: CustomDomainRecord = { domain, www, associatedAt: Date.now(), active: false };
  domains.push(record);
  return { DNSTarget: service.host, ServiceArn: service.arn, CustomDomain: view(state, record), VpcDNSTargets: [] };
}

function describe(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  const page = paginateInput(domainsOf(state, service), {
    input,
    min: 1,
    max: 5,
    defaultSize: 5,
    scope: `DescribeCustomDomains:${service.arn}`,
    errorType: 'InvalidRequestException',
  });
  const output: JsonObject = {
    DNSTarget: service.host,
    ServiceArn: service.arn,
    CustomDomains: page.items.map((item) => view(state, item)),
    VpcDNSTargets: [],
  };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

/** What DNS validation would do: the certificate is issued and the domain ACTIVE. */
export function validateCustomDomain(state: EmulatorState, init: { service: string; domain: string }): void {
  const service = state.services.find((item) => item.name === init.service && item.status !== 'DELETED');
  const record = service && state.customDomains.get(service.arn)?.find((item) => item.domain === init.domain);
  if (!record) throw new Error(`Service ${init.service} has no custom domain ${init.domain}`);
  record.active = true;
}

export const customDomainHandlers: HandlerTable = {
  AssociateCustomDomain: associate,
  DescribeCustomDomains: describe,
};
