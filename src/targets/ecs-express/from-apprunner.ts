import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { InputError } from '../../core/inputs/errors.js';
import { OWNED_KEYS_TAG } from '../../core/tags.js';
import * as workflow from '../../core/workflow.js';
import { describeConnector } from '../apprunner/aws/connectors.js';
import { describeService, findServiceByName } from '../apprunner/aws/services.js';
import { listTags } from '../apprunner/aws/tags.js';
import type { ExpressContext } from './context.js';
import type { ExpressShape } from './shape.js';

/*
 * The one-step migration: an App Runner service's settings as the defaults of an Express service's inputs. Loaded
 * only by runs that migrate (see core/lazy.ts). The App Runner service is read, never changed.
 */

/** What the App Runner service has, as an Express shape and tags. */
export async function appRunnerDefaults(
  context: ExpressContext,
): Promise<{ shape: ExpressShape; tags: Record<string, string> }> {
  const name = context.config.fromAppRunnerService ?? '';
  const client = new AppRunnerClient(context.clients.options);
  const summary = await findServiceByName(client, name);
  if (!summary?.ServiceArn || summary.Status === 'DELETED') {
    throw new InputError(
      'from-apprunner-service',
      `App Runner has no service \`${name}\` in ${context.config.region}; nothing was changed.`,
    );
  }
  const service = await describeService(client, summary.ServiceArn);
  const image = service.SourceConfiguration?.ImageRepository;
  if (!image?.ImageIdentifier) {
    throw new InputError(
      'from-apprunner-service',
      `\`${name}\` deploys from source code; give \`image\` (ECS deploys images).`,
    );
  }
  const settings = image.ImageConfiguration;
  const health = service.HealthCheckConfiguration;
  const egress = service.NetworkConfiguration?.EgressConfiguration;
  const connector =
    egress?.EgressType === 'VPC' && egress.VpcConnectorArn
      ? await describeConnector(client, egress.VpcConnectorArn)
      : undefined;
  const tags = await listTags(client, summary.ServiceArn);
  delete tags[OWNED_KEYS_TAG];
  workflow.info(
    `Defaults from App Runner service ${name}: image, port, command, variables, secrets, size, health check, roles, network, tags.`,
  );
  return {
    shape: {
      image: image.ImageIdentifier,
      port: settings?.Port ? Number(settings.Port) : 8080,
      command: settings?.StartCommand ? settings.StartCommand.split(/\s+/) : undefined,
      envVars: { ...settings?.RuntimeEnvironmentVariables },
      secrets: { ...settings?.RuntimeEnvironmentSecrets },
      taskRoleArn: service.InstanceConfiguration?.InstanceRoleArn,
      cpu: service.InstanceConfiguration?.Cpu,
      memory: service.InstanceConfiguration?.Memory,
      subnets: connector?.Subnets && [...connector.Subnets].sort(),
      securityGroups: connector?.SecurityGroups && [...connector.SecurityGroups].sort(),
      // A TCP check has no Express equivalent: the load balancer checks an HTTP path.
      healthCheckPath: health?.Protocol === 'HTTP' ? health.Path : undefined,
    },
    tags,
  };
}
