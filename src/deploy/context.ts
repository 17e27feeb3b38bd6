import type { Clients } from '../aws/clients.js';
import type { DeployConfig } from '../config.js';
import type { Clock } from '../wait.js';
import type { Outcome } from './outcome.js';

/** What every deploy step works with. */
export interface DeployContext {
  config: DeployConfig;
  clients: Clients;
  outcome: Outcome;
  clock?: Clock;
}
