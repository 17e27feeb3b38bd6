import { describe, expect, it } from '@jest/globals';
import {
  examplesDir,
  listWorkflows,
  loadWorkflow,
  ownRepository,
  parseWorkflow,
  workflowsDir,
} from './support/model.ts';
import { checkCommandValues, checkPermissions, checkPinning, checkRunExpressions } from './support/security.ts';

const ours = listWorkflows(workflowsDir).map(loadWorkflow);
const examples = listWorkflows(examplesDir).map(loadWorkflow);
const all = [...ours, ...examples];
const cases = all.map((file) => [file.path, file] as const);

function messages(findings: Array<{ message: string }>): string[] {
  return findings.map((finding) => finding.message);
}

describe('least privilege, pinning and script injection', () => {
  it.each(cases)('%s: every job has explicit permissions, each one needed', (_, file) => {
    expect(checkPermissions(file)).toEqual([]);
  });

  it.each(ours.map((file) => [file.path, file] as const))(
    '%s: every third-party action is pinned to a commit SHA with its version',
    (_, file) => {
      expect(checkPinning(file)).toEqual([]);
    },
  );

  it.each(examples.map((file) => [file.path, file] as const))(
    '%s: pins everything but this repository, which it calls by tag',
    (_, file) => {
      expect(checkPinning(file, [ownRepository])).toEqual([]);
      expect(file.text).toContain(`uses: ${ownRepository}/.github/workflows/`);
    },
  );

  it.each(cases)('%s: no expression inside a run: script', (_, file) => {
    expect(checkRunExpressions(file)).toEqual([]);
  });

  it.each(cases)('%s: every value printed inside ::error:: / ::warning:: is neutralised', (_, file) => {
    expect(checkCommandValues(file)).toEqual([]);
  });

  it('the scan of workflow commands sees the scripts that print them', () => {
    const scripts = ours.flatMap((file) => Object.values(file.workflow.jobs).flatMap((job) => job.steps ?? []));
    const printing = scripts.filter((step) => /::(error|warning)::.*\$\{\w+@Q\}/.test(step.run ?? ''));
    expect(printing.length).toBeGreaterThanOrEqual(5);
  });

  it('no workflow grants deployments: write (the environment records the deployment)', () => {
    const grants = all.flatMap((file) =>
      [file.workflow.permissions, ...Object.values(file.workflow.jobs).map((job) => job.permissions)]
        .filter((granted) => typeof granted === 'object' && granted !== null && 'deployments' in granted)
        .map(() => file.path),
    );
    expect(grants).toEqual([]);
  });
});

describe('the checks report bad snippets', () => {
  it('reports a value printed raw inside a workflow command, and accepts neutralised ones', () => {
    const workflow = parseWorkflow(`
jobs:
  a:
    steps:
      - run: |
          echo "::error::not '$IMAGE_EXPORT'"
          echo "::warning file=x.tf::\${name} and $(cat f)"
          printf '::notice::%s\\n' "$1"
          echo "::error::\${tag@Q} is not a valid tag (exit status $((status)))"
          echo "plain log line $tag"
          echo "::error::No value here."
`);
    expect(messages(checkCommandValues(workflow))).toEqual([
      `prints a value inside a workflow command without \${name@Q}: echo "::error::not '$IMAGE_EXPORT'"`,
      'prints a value inside a workflow command without ${name@Q}: echo "::warning file=x.tf::${name} and $(cat f)"',
      `prints a value inside a workflow command without \${name@Q}: printf '::notice::%s\\n' "$1"`,
    ]);
  });

  it('reports missing, broad and unneeded permissions', () => {
    const workflow = parseWorkflow(`
jobs:
  none:
    steps: []
  broad:
    permissions: write-all
  greedy:
    permissions:
      contents: write
      id-token: write
      deployments: write
  fine:
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
`);
    expect(messages(checkPermissions(workflow))).toEqual([
      'permissions are not set',
      'permissions: write-all is too broad',
      '"contents: write" is not needed here',
      '"id-token: write" is not needed here',
      '"deployments: write" is not needed here',
    ]);
    const topLevel = parseWorkflow('permissions:\n  id-token: write\njobs:\n  a:\n    steps: []\n');
    expect(messages(checkPermissions(topLevel))).toEqual(['"id-token: write" is not needed here']);
  });

  it('reports tags, short SHAs and SHAs without a version comment', () => {
    const workflow = parseWorkflow(`
jobs:
  a:
    steps:
      - uses: actions/checkout@v4
      - uses: 'docker/build-push-action@d08e5c3'
      - uses: hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e
      - uses: ./local-action
      - uses: docker/setup-buildx-action@d7f5e7f509e45cec5c76c4d5afdd7de93d0b3df5 # v4.1.0
  b:
    uses: ${ownRepository}/.github/workflows/deploy.yml@v1
`);
    expect(messages(checkPinning(workflow))).toEqual([
      'actions/checkout@v4 is not pinned to a full commit SHA',
      'docker/build-push-action@d08e5c3 is not pinned to a full commit SHA',
      'hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e has no version comment (# vX.Y.Z)',
      `${ownRepository}/.github/workflows/deploy.yml@v1 is not pinned to a full commit SHA`,
    ]);
    expect(messages(checkPinning(workflow, [ownRepository]))).toHaveLength(3);
  });

  it('reports an expression pasted into a script', () => {
    const workflow = parseWorkflow(`
jobs:
  a:
    steps:
      - run: echo "\${{ inputs.service }}" && echo "\${{ github.event.pull_request.title }}"
      - run: echo "$SERVICE"
        env:
          SERVICE: \${{ inputs.service }}
`);
    expect(messages(checkRunExpressions(workflow))).toEqual([
      'expression ${{ inputs.service }} inside run: (use env:)',
      'expression ${{ github.event.pull_request.title }} inside run: (use env:)',
    ]);
  });
});
