import type { Clients } from '../../../core/aws/clients.js';
import type { DeployConfig } from '../../../core/config.js';
import type { Clock } from '../wait.js';
import type { Outcome } from '../../../core/outcome.js';

/** What every deploy step works with. */
export interface DeployContext {
  config: DeployConfig;
  clients: Clients;
  outcome: Outcome;
  clock?: Clock;
}
