import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  checkActionInputs,
  checkCallerVariables,
  checkInfraOutputsPassed,
  checkReusableCalls,
  checkRunsWhenNeedsSkipped,
} from './support/calls.ts';
import { loadWorkflow, parseWorkflow, workflowsDir, type ActionMetadata } from './support/model.ts';
import {
  checkNeedsOutputReferences,
  checkStepOutputReferences,
  checkWorkflowCallOutputs,
  scriptWritesOutput,
} from './support/references.ts';

// Each check is fed a small broken workflow and must report it: a check that cannot fail proves nothing.

const action: ActionMetadata = {
  inputs: {
    service: { required: true },
    image: { required: false },
    'wait-timeout': { required: false, default: '1800' },
  },
  outputs: { 'service-url': {} },
};
const sources = { ownActionPaths: ['./.act'], action };

function messages(findings: Array<{ message: string }>): string[] {
  return findings.map((finding) => finding.message);
}

describe('steps.<id>.outputs references', () => {
  const workflow = (reader: string, writer = 'echo "url=x" >> "$GITHUB_OUTPUT"') =>
    parseWorkflow(`
jobs:
  build:
    steps:
      - id: first
        run: ${JSON.stringify(writer)}
      - id: own
        uses: ./.act
      - id: third
        uses: some/action@0123456789012345678901234567890123456789
      - run: echo "$V"
        env:
          V: ${reader}
`);

  it('accepts an output the script writes', () => {
    expect(checkStepOutputReferences(workflow('${{ steps.first.outputs.url }}'), sources)).toEqual([]);
  });

  it('reports an output the script never writes', () => {
    const found = checkStepOutputReferences(workflow('${{ steps.first.outputs.uri }}'), sources);
    expect(messages(found)).toEqual(['step first never writes output "uri" to GITHUB_OUTPUT']);
  });

  it('reports a step that does not exist, and one that runs later', () => {
    const missing = checkStepOutputReferences(workflow('${{ steps.nope.outputs.url }}'), sources);
    expect(messages(missing)).toEqual(['steps.nope does not exist in this job']);
    const late = parseWorkflow(`
jobs:
  build:
    steps:
      - run: echo "\${{ steps.later.outputs.url }}"
      - id: later
        run: echo "url=1" >> "$GITHUB_OUTPUT"
`);
    expect(messages(checkStepOutputReferences(late, sources))).toEqual([
      'steps.later runs after the step that reads it',
    ]);
  });

  it("checks this repository's action against action.yml and refuses unknown actions", () => {
    expect(messages(checkStepOutputReferences(workflow('${{ steps.own.outputs.service-url }}'), sources))).toEqual([]);
    expect(messages(checkStepOutputReferences(workflow('${{ steps.own.outputs.url }}'), sources))).toEqual([
      'step own has no output "url"',
    ]);
    expect(messages(checkStepOutputReferences(workflow('${{ steps.third.outputs.digest }}'), sources))).toEqual([
      'outputs of "some/action@0123456789012345678901234567890123456789" are not known to the checks',
    ]);
  });

  it('checks a second action of this repository (ecs-express) against its own action.yml', () => {
    const express = { inputs: {}, outputs: { 'deployment-status': {} } };
    const both = { ...sources, actions: { './.act': express } };
    const read = (output: string) => workflow(`\${{ steps.own.outputs.${output} }}`);
    expect(messages(checkStepOutputReferences(read('deployment-status'), both))).toEqual([]);
    expect(messages(checkStepOutputReferences(read('service-url'), both))).toEqual([
      'step own has no output "service-url"',
    ]);
  });

  it('tells a written output from a longer name that contains it', () => {
    expect(scriptWritesOutput('echo "has-changes=1" >> "$GITHUB_OUTPUT"', 'changes')).toBe(false);
    expect(scriptWritesOutput('printf \'a=%s\\nregion=%s\\n\' 1 2 >> "$GITHUB_OUTPUT"', 'region')).toBe(true);
    expect(scriptWritesOutput('put secrets "$s" # writes GITHUB_OUTPUT', 'secrets')).toBe(true);
    expect(scriptWritesOutput('echo "url=1"', 'url')).toBe(false);
  });
});

describe('needs.<job>.outputs references and workflow_call outputs', () => {
  const workflow = parseWorkflow(`
on:
  workflow_call:
    outputs:
      url:
        value: \${{ jobs.build.outputs.url }}
      missing:
        value: \${{ jobs.build.outputs.nothing }}
      stray:
        value: \${{ jobs.nowhere.outputs.url }}
jobs:
  build:
    outputs:
      url: \${{ steps.x.outputs.url }}
  use:
    needs: build
    if: needs.build.outputs.link != ''
    steps:
      - run: echo "$A"
        env:
          A: \${{ needs.other.outputs.url }}
  other:
    steps: []
`);

  it('reports an undeclared job output and a job not listed in needs', () => {
    expect(messages(checkNeedsOutputReferences(workflow))).toEqual([
      'job build has no output "link"',
      'job use reads needs.other but does not need it',
    ]);
  });

  it('reports workflow_call outputs no job produces', () => {
    expect(messages(checkWorkflowCallOutputs(workflow))).toEqual([
      'job build has no output "nothing"',
      'job nowhere does not exist',
    ]);
  });
});

describe('inputs of the action and of called workflows', () => {
  it('reports an unknown action input, a missing required one, and an empty default that overrides', () => {
    const workflow = parseWorkflow(`
on:
  workflow_call:
    inputs:
      timeout:
        type: string
        default: ''
jobs:
  deploy:
    steps:
      - uses: ./.act
        with:
          imgae: x
          wait-timeout: \${{ inputs.timeout }}
`);
    expect(messages(checkActionInputs(workflow, action, './.act'))).toEqual([
      'action.yml has no input "imgae"',
      'input "wait-timeout" has a default in action.yml that an empty inputs.timeout would override',
      'required action input "service" is not passed',
    ]);
    expect(messages(checkActionInputs(parseWorkflow('jobs: {}'), action, './.act'))).toEqual(['no step uses ./.act']);
  });

  it('reports undeclared, mistyped and missing inputs of a called workflow', () => {
    const caller = parseWorkflow(`
jobs:
  deploy:
    uses: apprunner-deploy-action/apprunner-deploy-action/.github/workflows/deploy.yml@v1
    with:
      skip-infra: 'yes'
      services: my-app
  other:
    uses: someone/else/.github/workflows/x.yml@v1
`);
    expect(messages(checkReusableCalls(caller))).toEqual([
      'input "skip-infra" must be a boolean',
      'the called workflow has no input "services"',
      'required input "environment" is not passed',
      'calls a workflow that is not one of this repository',
    ]);
  });

  it('reports a secret the called workflow does not declare, and accepts a declared one or inherit', () => {
    const caller = (secrets: string) =>
      parseWorkflow(`
jobs:
  app:
    uses: ./.github/workflows/app.yml
    with:
      environment: staging
    secrets: ${secrets}
`);
    expect(messages(checkReusableCalls(caller('{ action-tokn: x }')))).toEqual([
      'the called workflow has no secret "action-tokn"',
    ]);
    expect(messages(checkReusableCalls(caller('{ action-token: x }')))).toEqual([]);
    expect(messages(checkReusableCalls(caller('inherit')))).toEqual([]);
  });

  it('reports variables read where a calling job cannot see the environment ones', () => {
    const caller = parseWorkflow(`
jobs:
  app:
    uses: ./.github/workflows/app.yml
    with:
      environment: staging
      service: \${{ inputs.service || vars.APPRUNNER_SERVICE }}
    secrets:
      action-token: \${{ vars.TOKEN }}
  steps:
    steps:
      - run: echo "$S"
        env:
          S: \${{ vars.APPRUNNER_SERVICE }}
`);
    expect(checkCallerVariables(caller)).toEqual([
      {
        file: 'inline.yml',
        where: 'app with.service',
        message: 'reads vars.APPRUNNER_SERVICE where environment variables are not visible',
      },
      {
        file: 'inline.yml',
        where: 'app secrets.action-token',
        message: 'reads vars.TOKEN where environment variables are not visible',
      },
    ]);
  });
});

describe('infra outputs into the app, and conditions after a skippable job', () => {
  const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
  const app = loadWorkflow(join(workflowsDir, 'app.yml'));

  it('reports an infra output the app job does not receive', () => {
    const deploy = parseWorkflow(`
jobs:
  infra:
    uses: ./.github/workflows/infra.yml
  app:
    needs: infra
    uses: ./.github/workflows/app.yml
    with:
      ecr-repository: \${{ needs.infra.outputs.ecr-repository }}
      vpc-connector-arn: \${{ needs.infra.outputs.vpc-connector-arn }}
      instance-role-arn: \${{ needs.infra.outputs.instance-role-arn }}
      access-role-arn: arn:aws:iam::111122223333:role/fixed
      execution-role-arn: \${{ needs.infra.outputs.execution-role-arn }}
      infrastructure-role-arn: \${{ needs.infra.outputs.infrastructure-role-arn }}
`);
    expect(messages(checkInfraOutputsPassed(deploy, infra, app).findings).sort()).toEqual([
      'does not pass needs.infra.outputs.access-role-arn',
      'does not pass needs.infra.outputs.secrets',
    ]);
  });

  it.each([
    [
      "needs.infra.result == 'skipped' || needs.infra.result == 'success'",
      'never runs when infra is skipped (no status function)',
    ],
    ['always()', 'also runs when infra fails'],
    ['!cancelled()', 'also runs when infra fails'],
  ])('reports the condition %s', (condition, message) => {
    const workflow = parseWorkflow(`
jobs:
  infra:
    if: \${{ !inputs.skip }}
  app:
    needs: infra
    if: \${{ ${condition} }}
`);
    expect(messages(checkRunsWhenNeedsSkipped(workflow))).toEqual([message]);
  });
});
