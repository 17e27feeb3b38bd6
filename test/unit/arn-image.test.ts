import { describe, expect, it } from '@jest/globals';
import { parseArn } from '../../src/core/inputs/arn.ts';
import { parseSecretReference } from '../../src/core/inputs/secrets.ts';
import { parseDeployableImage } from '../../src/targets/apprunner/inputs.ts';

/** Where a reference points, as preflight reads it from the one parse. */
const describeSecretReference = (value: string) => {
  const { value: _value, ...where } = parseSecretReference('secrets', { name: 'X', value });
  return where;
};

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('ARN shapes', () => {
  it.each([
    ['role', 'arn:aws:iam::123456789012:role/apprunner-ecr'],
    ['role', 'arn:aws-cn:iam::123456789012:role/path/to/role'],
    ['role', 'arn:aws-us-gov:iam::123456789012:role/x'],
    ['vpcConnector', `arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/web-egress/1/${'0'.repeat(32)}`],
    ['autoScaling', `arn:aws:apprunner:us-gov-west-1:123456789012:autoscalingconfiguration/high/3/${'f'.repeat(32)}`],
    ['kmsKey', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ] as const)('accepts a %s ARN %s', (kind, arn) => {
    expect(parseArn('x', arn, kind)).toBe(arn);
  });

  it.each([
    ['role', 'arn:aws:iam::12345:role/x'],
    ['role', 'arn:aws-eu:iam::123456789012:role/x'],
    ['role', 'arn:aws:iam::123456789012:user/x'],
    ['vpcConnector', 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/web-egress'],
    ['kmsKey', 'alias/my-key'],
  ] as const)('refuses a %s that is %s, naming the input and the form', (kind, arn) => {
    expect(() => parseArn('access-role-arn', arn, kind)).toThrow(
      /Input `access-role-arn`: .* is not an ARN of the form arn:aws:/,
    );
  });

  it('never echoes a refused secret value: it may be the secret itself', () => {
    expect(() => parseSecretReference('secrets', { name: 'DB', value: 'hunter2 is my password' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('accepts configurations named by name, name/revision or full ARN', () => {
    const base = 'arn:aws:apprunner:eu-west-1:123456789012:autoscalingconfiguration/high';
    for (const arn of [base, `${base}/3`, `${base}/3/${'a'.repeat(32)}`])
      expect(parseArn('x', arn, 'autoScaling')).toBe(arn);
    expect(() => parseArn('x', `${base}/x`, 'autoScaling')).toThrow();
  });

  it('accepts secret references of every kind and tells where they point', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf';
    const parameter = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/url';
    expect(parseSecretReference('secrets', { name: 'DB', value: secret }).value).toBe(secret);
    expect(parseSecretReference('secrets', { name: 'DB', value: '/app/db/url' }).value).toBe('/app/db/url');
    expect(describeSecretReference(secret)).toEqual({
      store: 'secretsmanager',
      id: secret,
      region: 'eu-west-1',
      account: '123456789012',
    });
    const withKey = `${secret}:password:AWSCURRENT:`;
    expect(parseSecretReference('secrets', { name: 'DB', value: withKey }).value).toBe(withKey);
    expect(describeSecretReference(withKey)).toMatchObject({ id: secret });
    expect(describeSecretReference(parameter)).toEqual({
      store: 'ssm',
      name: '/app/db/url',
      region: 'eu-west-1',
      account: '123456789012',
    });
    expect(describeSecretReference('arn:aws:ssm:eu-west-1:123456789012:parameter/flat')).toMatchObject({
      name: 'flat',
    });
    expect(describeSecretReference('plain-name')).toEqual({ store: 'ssm', name: 'plain-name' });
    expect(() => parseSecretReference('secrets', { name: 'DB', value: 'arn:aws:s3:::bucket' })).toThrow(
      'Input `secrets`: `DB` must be a Secrets Manager secret ARN',
    );
  });
});

describe('deployable images', () => {
  it('reads private ECR by tag and by digest, and ECR Public', () => {
    expect(parseDeployableImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:v1')).toEqual({
      identifier: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:v1',
      registry: 'ECR',
      ecr: { registryId: '123456789012', region: 'eu-west-1', repository: 'team/web', tag: 'v1', digest: undefined },
    });
    expect(parseDeployableImage(`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web@${DIGEST}`).ecr?.digest).toBe(
      DIGEST,
    );
    expect(parseDeployableImage('public.ecr.aws/nginx/nginx:latest').registry).toBe('ECR_PUBLIC');
  });

  it.each([
    'nginx:latest',
    'docker.io/library/nginx:1',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web',
    'public.ecr.aws/x/y',
  ])('refuses %s with what is allowed', (raw) => {
    expect(() => parseDeployableImage(raw)).toThrow(
      /Input `image`: .* is not an image App Runner can deploy\. Use ACCOUNT\.dkr\.ecr/,
    );
  });
});
