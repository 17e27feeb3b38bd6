/**
 * Code that only some runs need, loaded on first use. Why: every module the bundle evaluates before the first AWS
 * request delays it, and loading the push code, the other SDK clients, Octokit and @actions/core (which loads an
 * HTTP client at import) up front more than doubled the time from start to the first request (bench/cold-start).
 * Each loader is a literal import() so that ncc puts the module in a chunk of its own.
 */
export const lazy = {
  push: () => import('./push/step.js'),
  preflight: () => import('./preflight.js'),
  logs: () => import('./aws/logs.js'),
  githubDeployment: () => import('./report/github-deployment.js'),
  /** Octokit, for a source-code deploy's branch-head check. */
  github: () => import('@actions/github'),
  summary: () => import('./report/summary.js'),
  ecrClient: () => import('@aws-sdk/client-ecr'),
  secretsManagerClient: () => import('@aws-sdk/client-secrets-manager'),
  ssmClient: () => import('@aws-sdk/client-ssm'),
  logsClient: () => import('@aws-sdk/client-cloudwatch-logs'),
  /** ECS Express: only a run that migrates reads App Runner. */
  fromAppRunner: () => import('../targets/ecs-express/from-apprunner.js'),
};
