/**
 * BuildKit's check options, as the `# check=` parser directive writes them: `skip=A,B;error=true;experimental=C`.
 * One reader for the directive's problems (a parse problem: BuildKit refuses the Dockerfile) and for the
 * annotations that map the skipped checks to our rules.
 */
import { parseGoBool } from '../text.js';

export interface CheckOptions {
  skip: readonly string[] | 'all';
  error: boolean;
}

/** The options, or why BuildKit refuses them: a part without `=`, an unknown key, an error value that is no boolean. */
export function readCheckOptions(value: string): { options: CheckOptions } | { problem: string } {
  let skip: readonly string[] | 'all' = [];
  let error = false;
  const trimmed = value.trim();
  if (trimmed === '') return { options: { skip, error } };
  // At most three parts: a third `;` stays inside the last value, as in BuildKit.
  const parts = trimmed.split(';');
  const limited = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join(';')] : parts;
  for (const part of limited) {
    const equals = part.indexOf('=');
    if (equals < 0) return { problem: `\`${part.trim()}\` has no \`=\`` };
    const key = part.slice(0, equals).trim();
    const given = part.slice(equals + 1).trim();
    if (key === 'skip') skip = given === 'all' ? 'all' : given.split(',').map((name) => name.trim());
    else if (key === 'error') {
      const parsed = parseGoBool(given);
      if (parsed === null) return { problem: '`error` takes true or false' };
      error = parsed;
    } else if (key !== 'experimental') return { problem: `unknown option \`${key}\`` };
  }
  return { options: { skip, error } };
}

/** The options, or `null` when BuildKit would refuse them. */
export function parseCheckOptions(value: string): CheckOptions | null {
  const read = readCheckOptions(value);
  return 'options' in read ? read.options : null;
}
