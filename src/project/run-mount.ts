/**
 * What BuildKit refuses in a `RUN --mount=…` value before anything runs: a malformed field, an unknown
 * key or mount type, a bad boolean, size, sharing mode, file mode or id, and options the mount type does
 * not take. Fields are read in order, as BuildKit reads them (`required` before `type=secret` is refused).
 * Values holding a variable are left alone: BuildKit expands them first.
 */
import { closest, parseGoBool, shortWordTypos } from '../text.js';

const TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING = ['shared', 'private', 'locked'];
const KEYS = ['type', 'from', 'source', 'src', 'target', 'dst', 'destination', 'readonly', 'ro', 'readwrite', 'rw', 'required', 'size', 'id', 'sharing', 'mode', 'uid', 'gid', 'env'];
const FLAGS_WITHOUT_VALUE = new Set(['readonly', 'ro', 'readwrite', 'rw', 'required']);
/** docker/go-units RAMInBytes: a number, then an optional binary unit (k, kb, kib, m, …). */
const RAM_SIZE = /^\d+(?:\.\d+)?\s*(?:[kmgtp]i?b?|b)?$/i;

/** The reason BuildKit refuses the mount `value`, with the fix; `null` when it accepts it. */
export function mountProblem(value: string): string | null {
  const fields = csvFields(value);
  if (fields === null) return `--mount ${JSON.stringify(value)} is not valid comma-separated text (an unclosed or misplaced ")`;
  let type = 'bind';
  const seen = new Map<string, string>();
  for (const field of fields) {
    const equals = field.indexOf('=');
    const key = (equals === -1 ? field : field.slice(0, equals)).toLowerCase();
    const fieldValue = equals === -1 ? null : field.slice(equals + 1);
    const problem = fieldProblem(key, field, fieldValue, type);
    if (problem !== null) return `--mount: ${problem}`;
    if (key === 'type' && fieldValue !== null && !fieldValue.includes('$')) type = fieldValue.toLowerCase();
    seen.set(canonicalKey(key), fieldValue ?? '');
  }
  const problem = typeProblem(type, seen);
  return problem === null ? null : `--mount: ${problem}`;
}

function fieldProblem(key: string, field: string, value: string | null, type: string): string | null {
  if (value === null) {
    if (!FLAGS_WITHOUT_VALUE.has(key)) return `'${field}' must be a key=value pair (e.g. target=/root/.cache)`;
    return key === 'required' && type !== 'secret' && type !== 'ssh' ? `'required' is only for secret and ssh mounts, not ${type}` : null;
  }
  if (!KEYS.includes(key)) return `unknown key '${key}' in '${field}'${suggestion(key, KEYS)}`;
  if (key === 'from' && /\$./.test(value)) return "'from' cannot use a variable: name the image in a stage (FROM … AS name) and use that";
  if (value.includes('$')) return null;
  switch (key) {
    case 'type':
      return TYPES.includes(value.toLowerCase()) ? null : `unsupported mount type ${JSON.stringify(value)}${suggestion(value, TYPES)}; use ${TYPES.join(', ')}`;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw':
    case 'required':
      if (key === 'required' && type !== 'secret' && type !== 'ssh') return `'required' is only for secret and ssh mounts, not ${type}`;
      return parseGoBool(value) !== null ? null : `${key} expects true or false, not ${JSON.stringify(value)}`;
    case 'size':
      if (type !== 'tmpfs') return `'size' is only for tmpfs mounts, not ${type}`;
      return RAM_SIZE.test(value) ? null : `size expects a size such as 512m or 1g, not ${JSON.stringify(value)}`;
    case 'sharing':
      return SHARING.includes(value.toLowerCase()) ? null : `unsupported sharing value ${JSON.stringify(value)}${suggestion(value, SHARING)}; use ${SHARING.join(', ')}`;
    case 'mode':
      return /^[0-7]+$/.test(value) && Number.parseInt(value, 8) <= 0xffffffff ? null : `mode expects an octal number such as 0755, not ${JSON.stringify(value)}`;
    case 'uid':
    case 'gid':
      return /^\d+$/.test(value) && Number(value) <= 0xffffffff ? null : `${key} expects a number, not ${JSON.stringify(value)}`;
    default:
      return null;
  }
}

/** Options the final type does not take (BuildKit's checks after all fields are read). */
function typeProblem(type: string, seen: ReadonlyMap<string, string>): string | null {
  if (type !== 'secret' && type !== 'ssh' && type !== 'cache') {
    const owner = ['mode', 'uid', 'gid'].find((key) => seen.has(key));
    if (owner !== undefined) return `'${owner}' is not allowed for ${type} mounts (only for cache, secret and ssh)`;
  }
  if (type === 'secret') {
    if (seen.has('from')) return "a secret mount takes no 'from'";
    if (seen.has('sharing')) return "a secret mount takes no 'sharing'";
    if (!seen.has('source') && !seen.has('target') && !seen.has('id')) return 'a secret mount needs id, source or target (e.g. id=npmrc,target=/root/.npmrc)';
    if (seen.has('source') && seen.has('id')) return 'a secret mount takes source or id, not both';
  }
  if (seen.has('sharing') && type !== 'cache') return `'sharing' is only for cache mounts, not ${type}`;
  return null;
}

/**
 * The fields of a mount as BuildKit reads them: keys lower-cased and aliases resolved (`src` → `source`,
 * `dst`/`destination` → `target`), `type` lower-cased and `bind` when omitted, a field without `=` (`ro`)
 * mapped to `''`. Empty for a value that is not valid comma-separated text.
 */
export function mountOptions(value: string): Record<string, string> {
  const fields = csvFields(value);
  if (fields === null) return {};
  const options: Record<string, string> = { type: 'bind' };
  for (const field of fields) {
    const equals = field.indexOf('=');
    const key = canonicalKey((equals === -1 ? field : field.slice(0, equals)).toLowerCase());
    const fieldValue = equals === -1 ? '' : field.slice(equals + 1);
    options[key] = key === 'type' ? fieldValue.toLowerCase() : fieldValue;
  }
  return options;
}

function canonicalKey(key: string): string {
  if (key === 'src') return 'source';
  if (key === 'dst' || key === 'destination') return 'target';
  return key;
}

function suggestion(written: string, known: readonly string[]): string {
  const close = closest(written, known, shortWordTypos(written));
  return close === null ? '' : ` (did you mean ${close}?)`;
}

/** One record of Go's encoding/csv: fields split at commas, `"…"` quoting with `""` for a quote; `null` if malformed. */
function csvFields(text: string): string[] | null {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    let field = '';
    if (text[index] === '"') {
      index++;
      for (;;) {
        if (index >= text.length) return null;
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        field += text.charAt(index);
        index++;
      }
      if (index < text.length && text[index] !== ',') return null;
    } else {
      const end = text.indexOf(',', index);
      field = text.slice(index, end === -1 ? text.length : end);
      if (field.includes('"')) return null;
      index = end === -1 ? text.length : end;
    }
    fields.push(field);
    if (index >= text.length) return fields;
    index++;
  }
}
