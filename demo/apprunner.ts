/**
 * The App Runner part of the demo: a create, an update to a new image, and an update whose new version fails its
 * health check and is rolled back (the third run is expected to fail); then a service built from source code.
 */
import type { Emulator } from '../tools/emulator/index.ts';
import { exitCode, type Step } from './step.ts';

export const APPRUNNER_SERVICE = 'demo-shop-web';
const REPOSITORY = 'demo/shop-web';

export function appRunnerSteps(emulator: Emulator): Step[] {
  const image = (tag: string) => {
    emulator.seedImage(REPOSITORY, { tag });
    return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${REPOSITORY}:${tag}`;
  };
  const deployed = () =>
    emulator.service(APPRUNNER_SERVICE)?.config.SourceConfiguration.ImageRepository?.ImageIdentifier;
  const runs = (expected: string) => () =>
    deployed() === expected ? undefined : `the service runs ${deployed()}, expected ${expected}`;
  const [v1, v2, v3] = [image('1.0.0'), image('1.1.0'), image('1.2.0-broken')];
  return [
    {
      title: `App Runner 1/3 · create ${APPRUNNER_SERVICE} from ${REPOSITORY}:1.0.0`,
      inputs: {
        service: APPRUNNER_SERVICE,
        image: v1,
        'access-role-arn': `arn:aws:iam::${emulator.accountId}:role/AppRunnerECRAccessRole`,
        cpu: '0.5',
        memory: '1 GB',
        port: '3000',
        'env-vars': 'NODE_ENV=production\nLOG_LEVEL=info',
        'health-check-protocol': 'HTTP',
        'health-check-path': '/healthz',
        tags: 'team=shop\nenv=demo',
      },
      check: (result) => exitCode(result, 0) ?? runs(v1)(),
    },
    {
      title: `App Runner 2/3 · update ${APPRUNNER_SERVICE} to ${REPOSITORY}:1.1.0 and a new log level`,
      inputs: { service: APPRUNNER_SERVICE, image: v2, 'env-vars': 'LOG_LEVEL=debug' },
      check: (result) => exitCode(result, 0) ?? runs(v2)(),
    },
    {
      title: `App Runner 3/3 · update ${APPRUNNER_SERVICE} to ${REPOSITORY}:1.2.0-broken, which fails its health check`,
      inputs: { service: APPRUNNER_SERVICE, image: v3 },
      before: () => emulator.planNextOperation(APPRUNNER_SERVICE, { outcome: 'rollback', durationMs: 3000 }),
      check: (result) =>
        exitCode(result, 1) ??
        (!result.errors.some((error) => error.includes('was rolled back'))
          ? 'the error does not say the deployment was rolled back'
          : runs(v2)()),
    },
    sourceCodeStep(emulator),
  ];
}

/** Source-code mode: App Runner builds a branch of a GitHub repository through an AVAILABLE connection. */
function sourceCodeStep(emulator: Emulator): Step {
  const service = 'demo-shop-api';
  const connection = emulator.seedConnection('demo-github');
  const built = () => emulator.service(service)?.config.SourceConfiguration.CodeRepository?.SourceCodeVersion?.Value;
  return {
    title: `App Runner · source code: create ${service} from branch main of github.com/octo-org/shop-api (NODEJS_18)`,
    inputs: {
      service,
      repo: 'https://github.com/octo-org/shop-api',
      branch: 'main',
      'source-connection-arn': connection.arn,
      runtime: 'NODEJS_18',
      'build-command': 'npm ci && npm run build',
      'start-command': 'node dist/server.js',
      port: '3000',
      'min-instances': '1',
      'max-instances': '4',
    },
    check: (result) => exitCode(result, 0) ?? (built() === 'main' ? undefined : `the service builds ${built()}`),
  };
}
