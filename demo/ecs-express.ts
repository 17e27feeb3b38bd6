/**
 * The ECS Express part of the demo: a create, an update to a new image and more tasks, an update whose new version
 * crashes until the deployment circuit breaker rolls it back (expected to fail, naming the stopped tasks' reason),
 * and a dry run of a migration from the App Runner service of the first part.
 */
import type { Emulator } from '../tools/emulator/index.ts';
import { exitCode, type Step } from './step.ts';

export const EXPRESS_SERVICE = 'demo-shop-api';
const REPOSITORY = 'demo/shop-api';

export function expressSteps(emulator: Emulator, from: { appRunnerService: string }): Step[] {
  const image = (tag: string) => {
    emulator.seedImage(REPOSITORY, { tag });
    return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${REPOSITORY}:${tag}`;
  };
  const roles = {
    'execution-role-arn': `arn:aws:iam::${emulator.accountId}:role/ecsTaskExecutionRole`,
    'infrastructure-role-arn': `arn:aws:iam::${emulator.accountId}:role/ecsInfrastructureRoleForExpressServices`,
  };
  const deployed = (name = EXPRESS_SERVICE) => {
    const state = emulator.expressService(name);
    return state?.revisions.find((revision) => revision.arn === state.activeRevisionArn)?.config.primaryContainer
      ?.image;
  };
  const runs = (expected: string) => () =>
    deployed() === expected ? undefined : `the service runs ${deployed()}, expected ${expected}`;
  const [v1, v2, v3] = [image('2.0.0'), image('2.1.0'), image('2.2.0-crashes')];
  const migrated = `${from.appRunnerService}-ecs`;
  return [
    {
      title: `ECS Express 1/4 · create ${EXPRESS_SERVICE} from ${REPOSITORY}:2.0.0`,
      action: 'ecs-express',
      inputs: {
        service: EXPRESS_SERVICE,
        image: v1,
        ...roles,
        cpu: '0.5',
        memory: '1 GB',
        port: '3000',
        'env-vars': 'NODE_ENV=production\nLOG_LEVEL=info',
        'health-check-path': '/healthz',
        tags: 'team=shop\nenv=demo',
      },
      check: (result) => exitCode(result, 0) ?? runs(v1)(),
    },
    {
      title: `ECS Express 2/4 · update ${EXPRESS_SERVICE} to ${REPOSITORY}:2.1.0, 2-6 tasks`,
      action: 'ecs-express',
      inputs: {
        service: EXPRESS_SERVICE,
        image: v2,
        'min-tasks': '2',
        'max-tasks': '6',
        'env-vars': 'LOG_LEVEL=debug',
      },
      check: (result) => exitCode(result, 0) ?? runs(v2)(),
    },
    {
      title: `ECS Express 3/4 · update ${EXPRESS_SERVICE} to ${REPOSITORY}:2.2.0-crashes, rolled back by the circuit breaker`,
      action: 'ecs-express',
      inputs: { service: EXPRESS_SERVICE, image: v3 },
      before: () => emulator.planNextEcsDeployment(EXPRESS_SERVICE, { outcome: 'circuit-breaker' }),
      check: (result) => {
        const error = result.errors.join('\n');
        return (
          exitCode(result, 1) ??
          (!error.includes('ROLLBACK_SUCCESSFUL')
            ? 'the error does not name ROLLBACK_SUCCESSFUL'
            : !result.stdout.includes('Essential container in task exited')
              ? "the log does not show the stopped tasks' reason"
              : runs(v2)())
        );
      },
    },
    {
      title: `ECS Express 4/4 · dry run: migrate App Runner service ${from.appRunnerService} to Express service ${migrated}`,
      action: 'ecs-express',
      inputs: { service: migrated, ...roles, 'from-apprunner-service': from.appRunnerService, 'dry-run': 'true' },
      check: (result, calls) =>
        exitCode(result, 0) ??
        (calls.some((call) => call.mutating)
          ? `a dry run made mutating calls: ${calls.filter((call) => call.mutating).map((call) => call.operation)}`
          : emulator.expressService(migrated)
            ? `the dry run created ${migrated}`
            : undefined),
    },
  ];
}
