import validate, { schemaOutline, type ComposeSchemaError } from '../generated/compose-validator.js';
import type { ComposeLayer } from '../project/model.js';
import type { SourceFile } from '../source.js';
import { defineRule, type Report } from '../engine/rule.js';
import { closest, listing } from '../text.js';
import { loaderIssues } from '../vocabulary/compose-loader-checks.js';

/** A path into compose data: mapping keys, and indexes into lists. */
type DataPath = (string | number)[];

/** One schema error, placed. */
interface Issue {
  path: DataPath;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
  /** The data at `path`. */
  data: unknown;
}

// ─── Which keys the schema allows where ──────────────────────────────────────

/** The schema outline the build generates: only the keywords that say which keys go where. */
interface Outline {
  properties?: Record<string, Outline>;
  patternProperties?: Record<string, Outline>;
  additionalProperties?: boolean | Outline;
  items?: Outline | Outline[];
  oneOf?: Outline[];
  anyOf?: Outline[];
  allOf?: Outline[];
  $ref?: string;
  definitions?: Record<string, Outline>;
}

let outlineRoot: Outline | null = null;

/** Parsed on first use only: most runs meet no unknown key. */
function outline(): Outline {
  outlineRoot ??= JSON.parse(schemaOutline) as Outline;
  return outlineRoot;
}

/** The concrete alternatives of a schema: `$ref`s followed, `oneOf`/`anyOf`/`allOf` flattened. */
function alternatives(schema: Outline, seen = new Set<Outline>()): Outline[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const result: Outline[] = [schema];
  if (schema.$ref?.startsWith('#/definitions/')) {
    const target = outline().definitions?.[schema.$ref.slice('#/definitions/'.length)];
    if (target) result.push(...alternatives(target, seen));
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
    result.push(...alternatives(branch, seen));
  }
  return result;
}

/** The schemas that apply to the value at `path`. */
function schemasAt(path: DataPath): Outline[] {
  let current = alternatives(outline());
  for (const segment of path) {
    const next: Outline[] = [];
    for (const schema of current) {
      if (typeof segment === 'number') {
        const items = Array.isArray(schema.items) ? schema.items[segment] : schema.items;
        if (items) next.push(items);
        continue;
      }
      const property = schema.properties?.[segment];
      if (property) next.push(property);
      for (const [pattern, each] of Object.entries(schema.patternProperties ?? {})) {
        if (new RegExp(pattern, 'u').test(segment)) next.push(each);
      }
      if (typeof schema.additionalProperties === 'object') next.push(schema.additionalProperties);
    }
    current = next.flatMap((schema) => alternatives(schema));
  }
  return current;
}

/** The keys and key patterns (extensions `^x-` aside) that closed mappings at `path` allow. */
function allowedKeys(path: DataPath): { names: string[]; patterns: string[] } {
  const names = new Set<string>();
  const patterns = new Set<string>();
  for (const schema of schemasAt(path)) {
    if (schema.additionalProperties !== false) continue;
    for (const name of Object.keys(schema.properties ?? {})) names.add(name);
    for (const pattern of Object.keys(schema.patternProperties ?? {})) if (pattern !== '^x-') patterns.add(pattern);
  }
  return { names: [...names].sort(), patterns: [...patterns] };
}

// ─── From Ajv's errors to the most specific one per place ────────────────────

/** Splits a JSON pointer, typing list indexes as numbers by looking at the data. */
function dataPath(pointer: string, root: unknown): { path: DataPath; data: unknown } {
  const path: DataPath = [];
  let data = root;
  if (pointer === '') return { path, data };
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(data)) {
      const index = Number(segment);
      path.push(index);
      data = data[index] as unknown;
    } else {
      path.push(segment);
      data = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[segment] : undefined;
    }
  }
  return { path, data };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = jsonType(value);
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/**
 * An error that only says the value does not have a branch's shape: a `type` error, or an `enum` none
 * of whose values has the value's type. Another branch that did fit usually explains more.
 */
function isShapeMismatch(issue: Issue): boolean {
  if (issue.keyword === 'type') return true;
  if (issue.keyword !== 'enum') return false;
  const allowed = Array.isArray(issue.params.allowedValues) ? (issue.params.allowedValues as unknown[]) : [];
  return !allowed.some((value) => typeMatches(jsonType(value), issue.data));
}

function isUnmatchedCombinator(issue: Issue): boolean {
  return (issue.keyword === 'oneOf' || issue.keyword === 'anyOf') && issue.params.passingSchemas == null;
}

/**
 * Keeps the errors that explain the problem, as compose-go does in spirit: a `oneOf` that no branch
 * matched is explained by its branches' errors; a branch whose shape did not fit is noise when another
 * branch fit and failed deeper or more specifically at the same place. Linear in errors × depth.
 */
function specificIssues(issues: readonly Issue[]): Issue[] {
  const key = (path: DataPath, length = path.length): string => JSON.stringify(path.slice(0, length));
  /** Places with an explaining error there or below, strictly below, and a non-shape error there. */
  const atOrBelow = new Set<string>();
  const below = new Set<string>();
  const specificAt = new Set<string>();
  for (const issue of issues) {
    if (isUnmatchedCombinator(issue)) continue;
    for (let length = 0; length <= issue.path.length; length++) {
      atOrBelow.add(key(issue.path, length));
      if (length < issue.path.length) below.add(key(issue.path, length));
    }
    if (!isShapeMismatch(issue)) specificAt.add(key(issue.path));
  }
  return issues.filter((issue) => {
    const place = key(issue.path);
    if (isUnmatchedCombinator(issue)) return !atOrBelow.has(place);
    if (isShapeMismatch(issue)) return !below.has(place) && !specificAt.has(place);
    return true;
  });
}

// ─── Wording ─────────────────────────────────────────────────────────────────

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  object: 'a mapping',
  array: 'a list',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'empty',
};

function quoteValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** How a value is described: `the string 'x'`, `a mapping`, `a number (1.10)` with numbers as written. */
function describeValue(value: unknown, written: string): string {
  const type = jsonType(value);
  if (type === 'string') return `the string ${quoteValue(value)}`;
  if (type === 'integer' || type === 'number' || type === 'boolean') return `${TYPE_WORDS[type] ?? type} (${written || String(value)})`;
  return TYPE_WORDS[type] ?? type;
}

/** `services.api.build`, `services.api.ports[0]`, `networks["my net"]`; the root is `the top level`. */
function displayPath(path: DataPath): string {
  if (path.length === 0) return 'the top level';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[\w.-]+$/.test(segment) && !segment.includes('.')) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function keyList(names: readonly string[]): string {
  return listing(names.map((name) => `'${name}'`));
}

// ─── The rule ────────────────────────────────────────────────────────────────

/** Which error to report when several remain at one place: the most specific first. */
const PRECEDENCE = ['additionalProperties', 'required', 'enum', 'pattern', 'minimum', 'maximum', 'uniqueItems', 'oneOf', 'type'];

function precedence(keyword: string): number {
  const index = PRECEDENCE.indexOf(keyword);
  return index === -1 ? PRECEDENCE.length : index;
}

interface Placed {
  /** Where the finding goes. */
  at: { path: DataPath; part: 'key' | 'value' };
  issues: Issue[];
}

/** Groups the issues by the place they are reported at; one group per place. */
function place(issues: readonly Issue[]): Placed[] {
  const groups = new Map<string, Placed>();
  for (const issue of issues) {
    let at: Placed['at'] = { path: issue.path, part: 'value' };
    if (issue.keyword === 'additionalProperties') at = { path: [...issue.path, String(issue.params.additionalProperty)], part: 'key' };
    else if (issue.keyword === 'required') at = { path: issue.path, part: 'key' };
    else if (issue.keyword === 'uniqueItems' && typeof issue.params.i === 'number') at = { path: [...issue.path, issue.params.i], part: 'value' };
    const key = JSON.stringify(at);
    const group = groups.get(key) ?? { at, issues: [] };
    group.issues.push(issue);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The value's text as written in the file (numbers and booleans keep their spelling: `1.10`). */
type Written = (path: DataPath) => string;

function describe(group: Placed, written: Written): { messageId: string; data: Record<string, string> } {
  const best = Math.min(...group.issues.map((issue) => precedence(issue.keyword)));
  const chosen = group.issues.filter((issue) => precedence(issue.keyword) === best);
  const first = chosen[0] ?? group.issues[0];
  if (first === undefined) return { messageId: 'invalid', data: { where: displayPath(group.at.path), problem: 'is invalid' } };
  const where = displayPath(first.path);

  switch (first.keyword) {
    case 'additionalProperties': {
      const key = String(first.params.additionalProperty);
      const allowed = allowedKeys(first.path);
      if (allowed.names.length === 0 && allowed.patterns.length > 0) {
        return { messageId: 'invalidName', data: { key, where, patterns: listing(allowed.patterns) } };
      }
      const suggestion = closest(key, allowed.names);
      if (suggestion !== null) return { messageId: 'unknownKeySuggestion', data: { key, where, suggestion } };
      return { messageId: 'unknownKey', data: { key, where } };
    }
    case 'required': {
      const missing = [...new Set(chosen.map((issue) => String(issue.params.missingProperty)))];
      return { messageId: 'missingKey', data: { where, keys: keyList(missing), count: missing.length === 1 ? 'key' : 'keys' } };
    }
    case 'uniqueItems': {
      const index = Number(first.params.i);
      const item = Array.isArray(first.data) ? (first.data[index] as unknown) : undefined;
      return { messageId: 'duplicateItem', data: { where: displayPath([...first.path, index]), value: quoteValue(item), first: String(first.params.j) } };
    }
    case 'minimum':
    case 'maximum':
      return {
        messageId: 'outOfRange',
        data: { where, actual: describeValue(first.data, written(first.path)), limit: `${first.keyword === 'minimum' ? 'at least' : 'at most'} ${String(first.params.limit)}` },
      };
    case 'pattern':
      return { messageId: 'patternMismatch', data: { where, actual: describeValue(first.data, written(first.path)), pattern: String(first.params.pattern) } };
    case 'oneOf':
      return { messageId: 'ambiguous', data: { where, actual: describeValue(first.data, written(first.path)) } };
    case 'enum':
    case 'type': {
      // Shape errors of several branches merge: "'all' or a list". A branch's allowed values say
      // more than its type, so a type whose values are listed is left out.
      const values: unknown[] = [];
      const types: string[] = [];
      for (const issue of group.issues) {
        if (issue.keyword === 'enum') values.push(...((issue.params.allowedValues as unknown[] | undefined) ?? []));
        if (issue.keyword === 'type') types.push(...(Array.isArray(issue.params.type) ? (issue.params.type as string[]) : [String(issue.params.type)]));
      }
      const listedTypes = new Set(values.map(jsonType));
      const words = [
        ...new Set([...values.map(quoteValue), ...types.filter((type) => !listedTypes.has(type)).map((type) => TYPE_WORDS[type] ?? type)]),
      ];
      const type = jsonType(first.data);
      if (first.path.length === 0 && first.data === null) return { messageId: 'emptyFile', data: {} };
      if (words.length === 1 && words[0] === TYPE_WORDS.string && (type === 'integer' || type === 'number' || type === 'boolean')) {
        return { messageId: 'needsQuotes', data: { where, written: written(first.path), kind: type === 'boolean' ? 'a boolean' : 'a number' } };
      }
      return {
        messageId: first.keyword === 'enum' && chosen.every((issue) => !isShapeMismatch(issue)) ? 'notAllowed' : 'wrongType',
        data: { where, actual: describeValue(first.data, written(first.path)), expected: words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}` : (words[0] ?? '') },
      };
    }
    default:
      return { messageId: 'invalid', data: { where, problem: first.message } };
  }
}

/** Checks one YAML document of a compose file (Compose validates each as it merges it in). */
function check(source: SourceFile, layer: ComposeLayer): Report[] {
  if (layer.data === undefined) return [];
  if (validate(layer.data)) {
    // What the loader refuses beyond the schema, once the file has the schema's shape.
    return loaderIssues(layer.data).map((issue): Report => ({ messageId: issue.messageId, data: issue.data, location: layer.locate(issue.at.path, issue.at.part) }));
  }
  const issues = (validate.errors ?? []).map((error: ComposeSchemaError): Issue => {
    const { path, data } = dataPath(error.instancePath, layer.data);
    return { path, keyword: error.keyword, params: error.params, message: error.message ?? error.keyword, data };
  });
  const written: Written = (path) => {
    const { start, end } = layer.locate(path).range;
    return source.text.slice(source.offsetAt(start), source.offsetAt(end));
  };
  return place(specificIssues(issues)).map((group): Report => ({
    ...describe(group, written),
    location: layer.locate(group.at.path, group.at.part),
  }));
}

export default defineRule({
  id: 'compose-schema',
  description: 'Every compose file is valid against the Compose Specification JSON schema; each error is reported at the offending key',
  kind: 'policy',
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    unknownKey: {
      message: 'Unknown key \'{{key}}\' in {{where}}.',
      help: 'Compose refuses the file: remove the key, move it to the level where it belongs (check the indentation), or name it \'x-…\' to keep it as an extension.',
    },
    unknownKeySuggestion: {
      message: 'Unknown key \'{{key}}\' in {{where}}.',
      help: 'Did you mean \'{{suggestion}}\'? Compose refuses the file as it is.',
    },
    invalidName: {
      message: '\'{{key}}\' is not a valid name in {{where}}.',
      help: 'Rename it to match {{patterns}} (letters, digits, \'.\', \'_\' and \'-\').',
    },
    missingKey: {
      message: '{{where}} lacks the required {{count}} {{keys}}.',
      help: 'Add it: Compose refuses the file without it.',
    },
    wrongType: {
      message: '{{where}} is {{actual}}, but Compose expects {{expected}} there.',
      help: 'Rewrite the value in that form.',
    },
    needsQuotes: {
      message: '{{where}} must be a string, but YAML reads the unquoted {{written}} as {{kind}}.',
      help: 'Quote it: "{{written}}".',
    },
    emptyFile: {
      message: 'The compose file is empty: Compose refuses it.',
      help: 'Add the services (a `services:` mapping), or delete the file.',
    },
    notAllowed: {
      message: '{{where}} is {{actual}}, which Compose does not allow there. Allowed: {{expected}}.',
      help: 'Use one of the allowed values.',
    },
    duplicateItem: {
      message: '{{where}} repeats {{value}}, already item [{{first}}].',
      help: 'Remove one: the list must not hold duplicates.',
    },
    outOfRange: {
      message: '{{where}} is {{actual}}, but must be {{limit}}.',
      help: 'Change it to a value that is {{limit}}.',
    },
    patternMismatch: {
      message: '{{where}} is {{actual}}, which does not have the required form. Form: {{pattern}}.',
      help: 'Rewrite it in that form.',
    },
    ambiguous: {
      message: '{{where}} ({{actual}}) fits more than one form Compose allows there.',
      help: 'Write it in one unambiguous form.',
    },
    invalid: {
      message: '{{where}} {{problem}} (Compose Specification schema).',
      help: 'Write it as the Compose Specification describes it.',
    },
    externalConflict: {
      message: '\'{{key}}\' beside `external: true`: Compose refuses these "conflicting parameters". In {{where}}.',
      help: 'Remove \'{{key}}\', or drop `external: true` to let Compose create it.',
    },
    externalNameConflict: {
      message: 'A `name` and a different `external.name`: Compose refuses the conflict. In {{where}}.',
      help: 'Keep `name` with `external: true`, and remove `external.name` (deprecated).',
    },
    exclusiveSources: {
      message: '\'{{key}}\' beside \'{{first}}\': Compose takes the content from one source only. In {{where}}.',
      help: 'Keep one of {{keys}}.',
    },
    blankWatchPath: {
      message: 'A watch rule without a path: Compose refuses it. In {{where}}.',
      help: 'Name the file or directory to watch.',
    },
    countAndDeviceIds: {
      message: 'Both `count` and `device_ids`, which exclude each other: Compose refuses the device. In {{where}}.',
      help: 'Keep `count` for any N devices, or `device_ids` for these devices.',
    },
    bindWithoutSource: {
      message: 'A bind mount without a `source`: Docker refuses to create the container. In {{where}}.',
      help: 'Add the host path as `source:`.',
    },
  },
  check(project) {
    // A file without documents is empty: its data (null) is what the schema refuses.
    return project.composeFiles.flatMap((doc) => (doc.layers.length > 0 ? doc.layers : [doc]).flatMap((layer) => check(doc.source, layer)));
  },
});
