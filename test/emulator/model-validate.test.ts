import { describe, expect, it } from '@jest/globals';
import { AwsError } from '../../tools/emulator/errors.ts';
import { checkRequest, serviceModel } from '../../tools/emulator/model/check.ts';
import { validationMessage } from '../../tools/emulator/model/message.ts';
import { validateRequest, type ServiceModel } from '../../tools/emulator/model/validate.ts';

const model = (service: string): ServiceModel => serviceModel(service) as ServiceModel;
const violations = (service: string, operation: string, input: unknown) =>
  validateRequest(model(service), operation, input);

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1';
const source = { ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR' } };

function refusal(init: { service: string; operation: string; input: unknown }): AwsError {
  try {
    checkRequest(init);
  } catch (error) {
    return error as AwsError;
  }
  throw new Error('no refusal');
}

describe('validateRequest: App Runner', () => {
  it('reports missing required members in model member order', () => {
    const found = violations('apprunner', 'CreateService', {});
    expect(found.map((item) => [item.path, item.constraint])).toEqual([
      ['serviceName', 'Member must not be null'],
      ['sourceConfiguration', 'Member must not be null'],
    ]);
    expect(validationMessage(found)).toBe(
      "2 validation errors detected: Value null at 'serviceName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'sourceConfiguration' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports length before pattern for one value, each as its own error', () => {
    const found = violations('apprunner', 'CreateService', { ServiceName: 'abc', SourceConfiguration: source });
    expect(found.map((item) => item.constraint)).toEqual([
      'Member must have length greater than or equal to 4',
      'Member must satisfy regular expression pattern: ^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$',
    ]);
  });

  it('names nested members by their JSON path with a lower-case first letter', () => {
    const input = {
      ServiceName: 'valid-name',
      SourceConfiguration: { ImageRepository: { ImageIdentifier: 'nginx:latest', ImageRepositoryType: 'ECR' } },
    };
    expect(validationMessage(violations('apprunner', 'CreateService', input))).toMatch(
      /^1 validation error detected: Value 'nginx:latest' at 'sourceConfiguration\.imageRepository\.imageIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\(\[0-9\]\{12\}/,
    );
  });

  it('walks list members as list.N.member', () => {
    const input = { ServiceName: 'valid-name', SourceConfiguration: source, Tags: [{ Key: 'ok' }, { Key: 'aws:x' }] };
    const [found] = violations('apprunner', 'CreateService', input);
    expect(found).toMatchObject({ path: 'tags.2.member.key', value: 'aws:x' });
    expect(found.constraint).toBe('Member must satisfy regular expression pattern: ^(?!aws:).+$');
  });

  it('reports scalar list members once for the whole list, with every constraint of the member', () => {
    const found = violations('apprunner', 'UntagResource', {
      ResourceArn: 'arn:aws:apprunner:eu-west-1:123456789012:service/a/b',
      TagKeys: ['fine', 'aws:x'],
    });
    expect(validationMessage(found)).toBe(
      "1 validation error detected: Value '[fine, aws:x]' at 'tagKeys' failed to satisfy constraint: Member must " +
        'satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater ' +
        'than or equal to 1, Member must satisfy regular expression pattern: ^(?!aws:).+$]',
    );
  });

  it('checks ranges and enums', () => {
    expect(validationMessage(violations('apprunner', 'ListServices', { MaxResults: 21 }))).toBe(
      "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
    );
    const health = { ServiceName: 'valid-name', SourceConfiguration: source, HealthCheckConfiguration: {} };
    health.HealthCheckConfiguration = { Protocol: 'HTTPS', Timeout: 0 };
    expect(violations('apprunner', 'CreateService', health).map((item) => item.constraint)).toEqual([
      'Member must satisfy enum value set: [TCP, HTTP]',
      'Member must have value greater than or equal to 1',
    ]);
  });

  it('leaves the value of a sensitive member out, and checks map keys', () => {
    const imageConfiguration = { StartCommand: 'a\nb', RuntimeEnvironmentVariables: { '': 'x' } };
    const input = {
      ServiceName: 'valid-name',
      SourceConfiguration: { ImageRepository: { ...source.ImageRepository, ImageConfiguration: imageConfiguration } },
    };
    const message = validationMessage(violations('apprunner', 'CreateService', input));
    expect(message).toContain(
      "Value at 'sourceConfiguration.imageRepository.imageConfiguration.runtimeEnvironmentVariables' failed to satisfy constraint: Map keys must satisfy constraint: [",
    );
    expect(message).toContain(
      "Value at 'sourceConfiguration.imageRepository.imageConfiguration.startCommand' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[^\\x0a\\x0d]+$",
    );
  });

  it('matches patterns against the whole value: ".*" refuses a line break', () => {
    const input = { ResourceArn: 'arn:aws:apprunner:eu-west-1:123456789012:service/a/b', Tags: [{ Key: 'k' }] };
    input.Tags = [{ Key: 'k', Value: 'two\nlines' } as never];
    expect(violations('apprunner', 'TagResource', input)).toMatchObject([{ path: 'tags.1.member.value' }]);
  });

  it('leaves a member of the wrong JSON type to the deserializer', () => {
    const input = {
      ServiceName: 'valid-name',
      SourceConfiguration: { ImageRepository: { ...source.ImageRepository, ImageConfiguration: { Port: 8080 } } },
    };
    expect(violations('apprunner', 'CreateService', input)).toEqual([]);
  });

  it('answers InvalidRequestException, the exception the App Runner model declares', () => {
    const error = refusal({ service: 'apprunner', operation: 'DescribeService', input: { ServiceArn: 'x' } });
    expect(error).toMatchObject({ type: 'InvalidRequestException', status: 400 });
  });
});

describe('validateRequest: the other services', () => {
  it('ECR: its own exception and wording; the enum values added after the snapshot are accepted', () => {
    const error = refusal({ service: 'ecr', operation: 'CreateRepository', input: { repositoryName: 'a' } });
    expect(error).toMatchObject({ type: 'InvalidParameterException' });
    expect(error.message).toBe(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length greater than or equal to 2'",
    );
    const input = { repositoryName: 'app', imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' };
    expect(violations('ecr', 'CreateRepository', input)).toEqual([]);
    expect(violations('ecr', 'CreateRepository', { ...input, imageTagMutability: 'FROZEN' })).toHaveLength(1);
  });

  it('CloudWatch Logs: InvalidParameterException in the validation wording', () => {
    const input = { logGroupName: '/aws/x', logStreamName: 'a:b' };
    const error = refusal({ service: 'logs', operation: 'GetLogEvents', input });
    expect(error).toMatchObject({ type: 'InvalidParameterException' });
    expect(error.message).toBe(
      "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[^:*]*$",
    );
  });

  it('SSM and Secrets Manager: ValidationException', () => {
    expect(refusal({ service: 'ssm', operation: 'GetParameter', input: { Name: '' } })).toMatchObject({
      type: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(refusal({ service: 'secretsmanager', operation: 'DescribeSecret', input: {} })).toMatchObject({
      type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('ECS: checks the operations in the model and skips those it lacks (Express)', () => {
    expect(violations('ecs', 'DescribeServices', {})).toMatchObject([{ path: 'services' }]);
    expect(violations('ecs', 'DescribeServices', { services: ['web'] })).toEqual([]);
    expect(violations('ecs', 'CreateExpressGatewayService', {})).toEqual([]);
    expect(() => checkRequest({ service: 'ecs', operation: 'CreateExpressGatewayService', input: {} })).not.toThrow();
  });

  it('ECS: Unicode property classes (\\p{L}) in patterns mean what ECMAScript says in Unicode mode', () => {
    const input = {
      resourceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/c/web',
      tags: [{ key: 'env', value: 'pröd' }],
    };
    expect(violations('ecs', 'TagResource', input)).toEqual([]);
    input.tags = [{ key: 'env!', value: 'prod' }];
    expect(violations('ecs', 'TagResource', input)).toMatchObject([{ path: 'tags.1.member.key' }]);
  });

  it('a service without a model is not checked', () => {
    expect(() => checkRequest({ service: 'unknown', operation: 'Anything', input: {} })).not.toThrow();
  });
});
