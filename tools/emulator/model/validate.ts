/**
 * Checks a request against a service's API model (extracted by tools/emulator/models/extract.ts) the way AWS's front
 * end does before any service code runs: required members, length, range, pattern and enum, through structures,
 * lists and maps. Pure: returns the violations, in AWS's order and wording; message.ts turns them into the refusal.
 */

export interface Bounds {
  min?: number;
  max?: number;
}

interface Constraints {
  length?: Bounds;
  range?: Bounds;
  pattern?: string;
  enum?: (string | number)[];
  sensitive?: boolean;
}

export interface MemberRef extends Constraints {
  target: string;
  required?: boolean;
  jsonName?: string;
}

export interface Shape extends Constraints {
  type: string;
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
}

export interface ServiceModel {
  service: string;
  /** Exception name AWS answers a violation with (App Runner: InvalidRequestException). */
  validationError: string;
  /** ECR words its refusals its own way ("Invalid parameter at ..."). */
  style?: 'ecr';
  /** Operation name → its input shape. */
  operations: Record<string, string>;
  shapes: Record<string, Shape>;
}

export interface Violation {
  /** AWS's member path: `sourceConfiguration.imageRepository.imageIdentifier`, `tags.1.member.key`. */
  path: string;
  value: unknown;
  constraint: string;
  /** AWS leaves a sensitive member's value out of the message. */
  sensitive: boolean;
}

/**
 * AWS's front end matches a pattern against the whole value (Java's `matches()`), although Smithy declares model
 * patterns unanchored: CloudWatch Logs refuses `a:b` for `[^:*]*`, CloudFormation `serverlessTest.-dev` for
 * `[a-zA-Z][-a-zA-Z0-9]*|...`, DynamoDB `"name"` for `[a-zA-Z0-9_.-]+` — each of which an unanchored search accepts.
 */
export const WHOLE_VALUE_PATTERNS = true;

const NUMERIC = new Set(['byte', 'short', 'integer', 'long', 'float', 'double', 'bigInteger', 'bigDecimal']);

const compiled = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let found = compiled.get(pattern);
  if (!found) {
    const source = WHOLE_VALUE_PATTERNS ? `^(?:${pattern})$` : pattern;
    // Unicode mode where the pattern allows it (`\p{L}` means nothing without it); some use escapes (`\:`) it refuses.
    try {
      found = new RegExp(source, 'u');
    } catch {
      found = new RegExp(source);
    }
    compiled.set(pattern, found);
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Smithy counts a string's length in Unicode scalar values, a list's in members, a map's in entries. */
function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return undefined;
}

/** Whether a JSON value has the type the shape declares; a mismatch is the deserializer's to refuse, not ours. */
function fits(type: string, value: unknown): boolean {
  if (type === 'string') return typeof value === 'string';
  if (NUMERIC.has(type)) return typeof value === 'number';
  if (type === 'list') return Array.isArray(value);
  if (type === 'structure' || type === 'union' || type === 'map') return isObject(value);
  return true;
}

const lengthMin = (min: number): string => `Member must have length greater than or equal to ${min}`;
const lengthMax = (max: number): string => `Member must have length less than or equal to ${max}`;
const valueMin = (min: number): string => `Member must have value greater than or equal to ${min}`;
const valueMax = (max: number): string => `Member must have value less than or equal to ${max}`;
const patternRule = (pattern: string): string => `Member must satisfy regular expression pattern: ${pattern}`;
const enumRule = (values: (string | number)[]): string => `Member must satisfy enum value set: [${values.join(', ')}]`;

/** The constraints `value` breaks, in AWS's order: length, range, pattern, enum. */
function broken(rules: Constraints, value: unknown): string[] {
  const out: string[] = [];
  const size = sizeOf(value);
  const { length, range } = rules;
  if (length && size !== undefined) {
    if (length.min !== undefined && size < length.min) out.push(lengthMin(length.min));
    if (length.max !== undefined && size > length.max) out.push(lengthMax(length.max));
  }
  if (range && typeof value === 'number') {
    if (range.min !== undefined && value < range.min) out.push(valueMin(range.min));
    if (range.max !== undefined && value > range.max) out.push(valueMax(range.max));
  }
  if (rules.pattern !== undefined && typeof value === 'string' && !regex(rules.pattern).test(value)) {
    out.push(patternRule(rules.pattern));
  }
  if (rules.enum && (typeof value === 'string' || typeof value === 'number') && !rules.enum.includes(value)) {
    out.push(enumRule(rules.enum));
  }
  return out;
}

/** Every constraint of a collection's member, as AWS lists them in "Member must satisfy constraint: [...]". */
function described(rules: Constraints): string {
  const all: string[] = [];
  if (rules.length?.max !== undefined) all.push(lengthMax(rules.length.max));
  if (rules.length?.min !== undefined) all.push(lengthMin(rules.length.min));
  if (rules.range?.max !== undefined) all.push(valueMax(rules.range.max));
  if (rules.range?.min !== undefined) all.push(valueMin(rules.range.min));
  if (rules.pattern !== undefined) all.push(patternRule(rules.pattern));
  if (rules.enum) all.push(enumRule(rules.enum));
  return `[${all.join(', ')}]`;
}

interface Walk {
  model: ServiceModel;
  out: Violation[];
}

/** A member's constraints: its target shape's, overridden by any the member itself carries. */
function rulesOf(shape: Shape, ref: MemberRef): Constraints {
  const pick = ({ length, range, pattern, enum: values, sensitive }: Constraints): Constraints =>
    Object.fromEntries(
      Object.entries({ length, range, pattern, enum: values, sensitive }).filter(([, item]) => item !== undefined),
    );
  return { ...pick(shape), ...pick(ref) };
}

const memberPath = (parent: string, name: string): string => {
  const own = name[0].toLowerCase() + name.slice(1);
  return parent === '' ? own : `${parent}.${own}`;
};

const isScalar = (shape: Shape): boolean => !['structure', 'union', 'list', 'map'].includes(shape.type);

function visit(walk: Walk, init: { ref: MemberRef; path: string; value: unknown }): void {
  const { ref, path, value } = init;
  const shape = walk.model.shapes[ref.target];
  if (!shape) return;
  const rules = rulesOf(shape, ref);
  const sensitive = rules.sensitive === true;
  if (value === undefined || value === null) {
    if (ref.required) walk.out.push({ path, value: null, constraint: 'Member must not be null', sensitive });
    return;
  }
  if (!fits(shape.type, value)) return;
  for (const constraint of broken(rules, value)) walk.out.push({ path, value, constraint, sensitive });
  if (shape.type === 'structure' || shape.type === 'union') visitStructure(walk, { shape, path, value });
  else if (shape.type === 'list') visitList(walk, { shape, path, value: value as unknown[] });
  else if (shape.type === 'map') visitMap(walk, { shape, path, value: value as Record<string, unknown> });
}

function visitStructure(walk: Walk, init: { shape: Shape; path: string; value: unknown }): void {
  const object = init.value as Record<string, unknown>;
  for (const [name, ref] of Object.entries(init.shape.members ?? {})) {
    visit(walk, { ref, path: memberPath(init.path, name), value: object[ref.jsonName ?? name] });
  }
}

/**
 * Members that are structures (or collections) are checked one by one at `list.N.member`; scalar members are
 * reported once for the whole list, as AWS does: "Member must satisfy constraint: [...]".
 */
function visitList(walk: Walk, init: { shape: Shape; path: string; value: unknown[] }): void {
  const ref = init.shape.member as MemberRef;
  const member = walk.model.shapes[ref.target];
  if (!member) return;
  if (!isScalar(member)) {
    init.value.forEach((item, index) => visit(walk, { ref, path: `${init.path}.${index + 1}.member`, value: item }));
    return;
  }
  const rules = rulesOf(member, ref);
  const bad = init.value.some((item) => item !== null && fits(member.type, item) && broken(rules, item).length > 0);
  if (bad) {
    const constraint = `Member must satisfy constraint: ${described(rules)}`;
    walk.out.push({ path: init.path, value: init.value, constraint, sensitive: rules.sensitive === true });
  }
}

function visitMap(walk: Walk, init: { shape: Shape; path: string; value: Record<string, unknown> }): void {
  const keyRef = init.shape.key as MemberRef;
  const valueRef = init.shape.value as MemberRef;
  const keyShape = walk.model.shapes[keyRef.target];
  const valueShape = walk.model.shapes[valueRef.target];
  const entries = Object.entries(init.value);
  const sensitive = (rules: Constraints): boolean => rules.sensitive === true;
  if (keyShape) {
    const rules = rulesOf(keyShape, keyRef);
    if (entries.some(([key]) => broken(rules, key).length > 0)) {
      const constraint = `Map keys must satisfy constraint: ${described(rules)}`;
      walk.out.push({ path: init.path, value: init.value, constraint, sensitive: sensitive(rules) });
    }
  }
  if (!valueShape) return;
  if (!isScalar(valueShape)) {
    for (const [key, item] of entries) visit(walk, { ref: valueRef, path: `${init.path}.${key}`, value: item });
    return;
  }
  const rules = rulesOf(valueShape, valueRef);
  const bad = entries.some(
    ([, item]) => item !== null && fits(valueShape.type, item) && broken(rules, item).length > 0,
  );
  if (bad) {
    const constraint = `Map value must satisfy constraint: ${described(rules)}`;
    walk.out.push({ path: init.path, value: init.value, constraint, sensitive: sensitive(rules) });
  }
}

/**
 * The violations of an operation's input, in model member order, depth first. An operation the model does not have
 * (ECS Express, not in this model snapshot) has none: the handler alone decides.
 */
export function validateRequest(model: ServiceModel, operation: string, input: unknown): Violation[] {
  if (!Object.hasOwn(model.operations, operation)) return [];
  const walk: Walk = { model, out: [] };
  const shape = model.shapes[model.operations[operation]];
  if (shape && isObject(input)) visitStructure(walk, { shape, path: '', value: input });
  return walk.out;
}

/** The violations of one value of a named shape at `path`: for values that never pass the front end (seeds). */
export function validateShape(model: ServiceModel, init: { shape: string; path: string; value: unknown }): Violation[] {
  const walk: Walk = { model, out: [] };
  visit(walk, { ref: { target: init.shape, required: true }, path: init.path, value: init.value });
  return walk.out;
}
