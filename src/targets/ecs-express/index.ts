import { InputError } from '../../core/inputs/errors.js';
import type { Target } from '../../core/target.js';
import { applyExpress } from './apply.js';
import type { ExpressConfig } from './config.js';
import { createExpressClients, expressOutputs, type ExpressClients, type ExpressOutcome } from './context.js';
import { followDeployment } from './follow.js';
import { parseExpressInputs } from './inputs.js';
import { configurationOf, diffShapes, type ExpressPlan } from './plan.js';
import { readExpress, waitForBusy, type ExpressState } from './read.js';
import { desiredShape } from './shape.js';

/** Pure: the state + the inputs → the whole Create or Update request and the diff. */
function planExpress(config: ExpressConfig, input: { state: ExpressState; image?: string }): ExpressPlan {
  const { state } = input;
  const shape = desiredShape({ base: state.base, config, image: input.image, creating: state.creating });
  const configuration = configurationOf(shape);
  if (state.creating) {
    // Checked here, in the plan made before any change, so that a push never precedes this refusal.
    if (!config.infrastructureRoleArn) {
      throw new InputError(
        'infrastructure-role-arn',
        'is required to create a service: the role ECS manages the load balancer and scaling with.',
      );
    }
    const request = {
      serviceName: config.service,
      cluster: config.cluster,
      infrastructureRoleArn: config.infrastructureRoleArn,
      ...configuration,
    };
    return { kind: 'create', request, image: shape.image, changes: diffShapes(undefined, shape) };
  }
  const current = state.express?.infrastructureRoleArn;
  if (config.infrastructureRoleArn && current && config.infrastructureRoleArn !== current) {
    throw new InputError(
      'infrastructure-role-arn',
      `cannot change after the service is created: it has ${current}. Remove the input, or create a new service.`,
    );
  }
  const changes = diffShapes(state.base, shape);
  const request = { serviceArn: state.express?.serviceArn, ...configuration };
  if (changes.length > 0) return { kind: 'update', request, image: shape.image, changes };
  // Nothing changed: no call, or with force-deploy the same whole configuration again, which starts a deployment.
  return config.forceDeploy
    ? { kind: 'redeploy', request, image: shape.image, changes }
    : { kind: 'none', image: shape.image, changes };
}

/** Amazon ECS Express Mode behind the core pipeline's seam. */
export const ecsExpress: Target<ExpressConfig, ExpressClients, ExpressOutcome, ExpressState, ExpressPlan> = {
  title: 'ECS Express',
  followed: 'deployment',
  parseInputs: parseExpressInputs,
  createClients: createExpressClients,
  outputs: expressOutputs,
  read: readExpress,
  waitForBusy,
  plan: (context, input) => planExpress(context.config, input),
  // Nothing to prepare: Express has no paused state and no connector.
  prepare: async (_context, state) => state,
  apply: applyExpress,
  follow: (context, started) => followDeployment(context, { ...started, ours: true }),
  account: (config) => /:(\d{12}):/.exec(config.executionRoleArn ?? config.taskRoleArn ?? '')?.[1],
};
