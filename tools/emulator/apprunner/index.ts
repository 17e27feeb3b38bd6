/** Every App Runner operation the emulator answers. */
import type { HandlerTable } from '../handler.ts';
import { connectorHandlers } from './connectors.ts';
import { lifecycleHandlers } from './lifecycle.ts';
import { serviceHandlers } from './services.ts';
import { tagHandlers } from './tags.ts';

export const appRunnerHandlers: HandlerTable = {
  ...serviceHandlers,
  ...lifecycleHandlers,
  ...tagHandlers,
  ...connectorHandlers,
};
