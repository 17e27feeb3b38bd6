import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { appRunnerHandlers } from '../../tools/emulator/apprunner/index.ts';
import { ecrHandlers } from '../../tools/emulator/ecr/index.ts';
import type { HandlerTable } from '../../tools/emulator/handler.ts';
import { logsHandlers } from '../../tools/emulator/logs.ts';
import { serviceModel } from '../../tools/emulator/model/check.ts';
import { extractAll, MODELS_DIR, SOURCE_DIR, SOURCES } from '../../tools/emulator/models/extract.ts';
import { secretsHandlers } from '../../tools/emulator/secrets.ts';
import { ssmHandlers } from '../../tools/emulator/ssm.ts';

const HANDLERS: Record<string, HandlerTable> = {
  apprunner: appRunnerHandlers,
  ecr: ecrHandlers,
  secretsmanager: secretsHandlers,
  ssm: ssmHandlers,
  logs: logsHandlers,
};

describe('the committed models', () => {
  it.each(Object.keys(HANDLERS))('%s: cover every operation the emulator serves', (service) => {
    const operations = Object.keys(serviceModel(service)?.operations ?? {});
    expect(operations.sort()).toEqual(Object.keys(HANDLERS[service]).sort());
  });

  it('stay small', () => {
    for (const service of Object.keys(SOURCES)) {
      expect(readFileSync(`${MODELS_DIR}${service}.json`, 'utf8').length).toBeLessThan(40_000);
    }
  });
});

// The source models live outside the repository (../shared/aws-models); a clone without them cannot re-extract.
const sourcesPresent = existsSync(SOURCE_DIR);
if (!sourcesPresent) {
  console.warn(`model-extract: ${SOURCE_DIR} is missing, so re-extraction is not compared with the committed models`);
}
const describeWithSources = sourcesPresent ? describe : describe.skip;

describeWithSources('re-extraction from ../shared/aws-models', () => {
  test('gives exactly the committed files', async () => {
    for (const [file, text] of Object.entries(await extractAll())) {
      expect(`${file}\n${readFileSync(`${MODELS_DIR}${file}`, 'utf8')}`).toBe(`${file}\n${text}`);
    }
  });
});
