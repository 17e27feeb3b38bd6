import type { InputReader } from '../../core/inputs/common.js';
import { InputError } from '../../core/inputs/errors.js';
import { parseBoolean } from '../../core/inputs/values.js';
import type { AppRunnerConfig } from './config.js';

/** The API's DomainName pattern, with a dot required: App Runner serves names under a domain, not bare labels. */
const DOMAIN = /^(?=.{1,255}$)(\*\.)?([A-Za-z0-9-]+\.)+[A-Za-z0-9-]+$/;

/** `custom-domain` and `custom-domain-www` (whether www.<domain> is served too). */
export function parseCustomDomain(read: InputReader): Pick<AppRunnerConfig, 'customDomain'> {
  const name = read('custom-domain').trim().replace(/\.$/, '').toLowerCase();
  const www = parseBoolean('custom-domain-www', read('custom-domain-www').trim() || 'false');
  if (!name) {
    if (www) throw new InputError('custom-domain-www', 'goes with `custom-domain`, which is empty.');
    return {};
  }
  if (!DOMAIN.test(name)) {
    throw new InputError('custom-domain', `\`${name}\` is not a domain name (e.g. shop.example.com).`);
  }
  return { customDomain: { name, www } };
}
