import type { PushConfig } from '../../../src/core/config.ts';
import { parseImageSource } from '../../../src/core/inputs/image-source.ts';

/** A PushConfig as the inputs layer makes it, from the source as the user writes it. */
export function pushConfig(
  fields: Omit<PushConfig, 'source' | 'sourceName' | 'tags'> & { source: string; tags: [string, ...string[]] },
): PushConfig {
  return { ...fields, source: parseImageSource(fields.source), sourceName: fields.source };
}
