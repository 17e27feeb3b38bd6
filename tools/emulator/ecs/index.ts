/** Every ECS operation the emulator answers (awsJson1_1, target prefix AmazonEC2ContainerServiceV20141113). */
import type { HandlerTable } from '../handler.ts';
import { deploymentHandlers } from './deployment-handlers.ts';
import { expressHandlers } from './express.ts';
import { serviceHandlers } from './services.ts';
import { tagHandlers } from './tags.ts';
import { taskHandlers } from './tasks.ts';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

export const ecsHandlers: HandlerTable = {
  ...expressHandlers,
  ...serviceHandlers,
  ...deploymentHandlers,
  ...taskHandlers,
  ...tagHandlers,
};

export { ECS_SERVER_FAULT, ecsErrorBody } from './errors.ts';
