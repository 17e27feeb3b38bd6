import { describe, expect, it } from '@jest/globals';
import { parseBoolean, parseEnum, parseInteger, parseKeyValueLines, parseList } from '../../src/core/inputs/values.ts';
import { parseTags } from '../../src/core/inputs/tags.ts';

describe('input values', () => {
  it('reads booleans as the runner spells them and refuses others', () => {
    expect(parseBoolean('wait', 'TRUE')).toBe(true);
    expect(parseBoolean('wait', 'False')).toBe(false);
    expect(() => parseBoolean('wait', 'yes')).toThrow('Input `wait`: `yes` is not a boolean');
  });

  it('reads whole numbers within a range', () => {
    expect(parseInteger('port', '8080', { min: 1, max: 65535 })).toBe(8080);
    for (const raw of ['0', '65536', '-1', '1.5', '80a', ' ']) {
      expect(() => parseInteger('port', raw, { min: 1, max: 65535 })).toThrow(/Input `port`: .* from 1 to 65535/);
    }
  });

  it('matches enums without regard to case and answers the allowed spelling', () => {
    expect(parseEnum('egress', 'VPC', ['default', 'vpc'])).toBe('vpc');
    expect(() => parseEnum('egress', 'private', ['default', 'vpc'])).toThrow('use one of `default`, `vpc`');
  });

  it('splits lists on lines and commas', () => {
    expect(parseList('a, b\n c\n\n,')).toEqual(['a', 'b', 'c']);
  });

  it('reads KEY=VALUE lines, keeping = in values and skipping comments', () => {
    expect(parseKeyValueLines('env-vars', 'A=1\n# note\n\nB = x=y \n')).toEqual({ A: '1', B: 'x=y' });
    expect(() => parseKeyValueLines('env-vars', 'A=1\nB')).toThrow('Input `env-vars`: line 2 is not `KEY=VALUE`.');
    expect(() => parseKeyValueLines('env-vars', 'A=1\nA=2')).toThrow('`A` is given twice');
  });

  it('reads tags as JSON (the official action form) or lines', () => {
    expect(parseTags('{"team":"web","cost":12}')).toEqual({ team: 'web', cost: '12' });
    expect(parseTags('team=web\nenv=prod')).toEqual({ team: 'web', env: 'prod' });
    expect(() => parseTags('{"team":')).toThrow('Input `tags`: looks like JSON');
    expect(() => parseTags('["a"]')).toThrow('JSON object');
    expect(() => parseTags('aws:x=1')).toThrow('reserved');
    expect(() => parseTags('team=a,b')).toThrow('characters AWS tags do not allow');
    expect(() => parseTags(`k=${'v'.repeat(257)}`)).toThrow('longer than 256');
  });
});
