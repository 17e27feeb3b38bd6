/** Every App Runner operation the emulator answers. */
import type { HandlerTable } from '../handler.ts';
import { connectionHandlers } from './code-source.ts';
import { customDomainHandlers } from './custom-domains.ts';
import { configurationHandlers } from './configuration-api.ts';
import { connectorHandlers } from './connectors.ts';
import { lifecycleHandlers } from './lifecycle.ts';
import { serviceHandlers } from './services.ts';
import { tagHandlers } from './tags.ts';

export const appRunnerHandlers: HandlerTable = {
  ...serviceHandlers,
  ...lifecycleHandlers,
  ...tagHandlers,
  ...connectorHandlers,
  ...configurationHandlers,
  ...connectionHandlers,
  ...customDomainHandlers,
};
