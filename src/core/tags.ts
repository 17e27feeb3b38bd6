/**
 * Tags the action owns. AWS keeps no record of who set a tag, so the action records the keys it set in one tag of
 * its own; a key it set before and the input no longer names is removed, and tags set by others are left alone.
 */
export const OWNED_KEYS_TAG = 'apprunner-deploy:managed-keys';

export interface TagPlan {
  set: Record<string, string>;
  remove: string[];
  /** The keys could not be recorded (a key with a space, or more than 256 characters in all). */
  unrecorded: boolean;
}

export function planTags(input: { current: Record<string, string>; desired: Record<string, string> }): TagPlan {
  const { current, desired } = input;
  const owned = (current[OWNED_KEYS_TAG] ?? '').split(' ').filter((key) => key !== '');
  const keys = Object.keys(desired).sort();
  // Tag values allow spaces but not commas: keys are recorded space-separated, within AWS's 256-character limit.
  const record = keys.join(' ');
  const recordable = record.length <= 256 && keys.every((key) => !key.includes(' '));
  const set: Record<string, string> = {};
  for (const key of keys) if (current[key] !== desired[key]) set[key] = desired[key];
  if (keys.length > 0 && recordable && current[OWNED_KEYS_TAG] !== record) set[OWNED_KEYS_TAG] = record;
  const remove = owned.filter((key) => !(key in desired) && key in current);
  if (keys.length === 0 && OWNED_KEYS_TAG in current) remove.push(OWNED_KEYS_TAG);
  return { set, remove, unrecorded: !recordable };
}
