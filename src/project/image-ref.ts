/**
 * Image references (`[registry[:port]/]path[:tag][@digest]`) and the `$VAR` substitution BuildKit applies
 * to `FROM` lines. Our own small parser: dockerfile-ast mis-splits `host:port/path:tag@digest`.
 */
import type { ImageRef } from './model.js';

const DOCKER_HUB_REGISTRIES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * A copy of `text` in which every `${…}` is replaced by `x`s of the same length, so that `/`, `:` and `@`
 * inside a default value (`${TAG:-a/b:c}`) are not taken for separators.
 */
function maskBracedVariables(text: string): string {
  let masked = '';
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('${', index)) {
      const close = findClosingBrace(text, index + 2);
      const end = close === -1 ? text.length : close + 1;
      masked += 'x'.repeat(end - index);
      index = end;
    } else {
      masked += text.charAt(index);
      index++;
    }
  }
  return masked;
}

/** Index of the `}` closing a `${` whose body starts at `from`, honouring nested `${…}`; -1 if none. */
function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '\\') {
      index++;
    } else if (char === '$' && text.charAt(index + 1) === '{') {
      depth++;
      index++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Does the text still hold a `$NAME` or `${…}` that is not escaped with a backslash? */
export function hasVariableReference(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '\\') {
      index++;
    } else if (char === '$' && /[{A-Za-z_]/.test(text.charAt(index + 1))) {
      return true;
    }
  }
  return false;
}

/**
 * Splits a reference the way the distribution reference grammar does: the first path component is a
 * registry when it has a `.` or `:`, is `localhost`, or has upper-case letters.
 */
export function parseImageRef(text: string): ImageRef {
  const masked = maskBracedVariables(text);
  const at = masked.indexOf('@');
  const digest = at === -1 ? null : text.slice(at + 1);
  const nameAndTag = at === -1 ? text : text.slice(0, at);
  const maskedNameAndTag = at === -1 ? masked : masked.slice(0, at);

  let registry: string | null = null;
  let rest = nameAndTag;
  let maskedRest = maskedNameAndTag;
  const slash = maskedNameAndTag.indexOf('/');
  if (slash > 0) {
    const first = maskedNameAndTag.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      registry = nameAndTag.slice(0, slash);
      rest = nameAndTag.slice(slash + 1);
      maskedRest = maskedNameAndTag.slice(slash + 1);
    }
  }

  const colon = maskedRest.lastIndexOf(':');
  const hasTag = colon !== -1 && colon > maskedRest.lastIndexOf('/');
  return {
    text,
    registry,
    path: hasTag ? rest.slice(0, colon) : rest,
    tag: hasTag ? rest.slice(colon + 1) : null,
    digest,
    dynamic: hasVariableReference(text),
  };
}

/**
 * The name Docker stores the image under, for matching `FROM` lines to locally built images: `path:tag`
 * with `latest` when neither tag nor digest is given, a digest kept as `@digest`, a registry kept as a
 * prefix — except Docker Hub, which Docker itself drops together with its `library/` namespace.
 */
export function normalizeImageName(ref: ImageRef): string {
  let registry = ref.registry;
  let path = ref.path;
  if (registry !== null && DOCKER_HUB_REGISTRIES.has(registry.toLowerCase())) registry = null;
  if (registry === null && /^library\/[^/]+$/.test(path)) path = path.slice('library/'.length);
  const tag = ref.tag ?? (ref.digest === null ? 'latest' : null);
  return `${registry === null ? '' : `${registry}/`}${path}${tag === null ? '' : `:${tag}`}${
    ref.digest === null ? '' : `@${ref.digest}`
  }`;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const REGISTRY = new RegExp(`^(?:\\[[0-9A-Fa-f:.]+\\]|${HOST_LABEL}(?:\\.${HOST_LABEL})*)(?::\\d+)?$`);

/**
 * Why Docker would reject the reference (`invalid reference format…`), or `null` when it is valid or
 * cannot be judged because variables remain.
 */
export function imageRefError(ref: ImageRef): string | null {
  if (ref.dynamic) return null;
  if (ref.text === '') return 'invalid reference format: the image name is empty';
  const components = ref.path.split('/');
  if (components.some((component) => component !== component.toLowerCase())) {
    return 'invalid reference format: repository name must be lowercase';
  }
  if (
    !components.every((component) => PATH_COMPONENT.test(component)) ||
    (ref.registry !== null && !REGISTRY.test(ref.registry)) ||
    (ref.tag !== null && !TAG.test(ref.tag)) ||
    (ref.digest !== null && !DIGEST.test(ref.digest))
  ) {
    return 'invalid reference format';
  }
  return null;
}

export interface Substitution {
  text: string;
  /** True when a variable could not be given a value, so the text still holds `$…`. */
  unresolved: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` as BuildKit
 * does on FROM lines. `args` maps a declared ARG to its default (`null`: declared without one). An unset
 * variable in a plain reference stays as written and makes the result unresolved; a `-`/`+` form still
 * resolves. Values that themselves still hold variables keep the result unresolved.
 */
export function substituteArgs(text: string, args: ReadonlyMap<string, string | null>): Substitution {
  let output = '';
  let unresolved = false;
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\' && index + 1 < text.length) {
      output += text.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char !== '$') {
      output += char;
      index++;
      continue;
    }
    if (text.charAt(index + 1) === '{') {
      const close = findClosingBrace(text, index + 2);
      if (close === -1) {
        // An unterminated `${` is not a variable BuildKit could expand.
        output += text.slice(index);
        unresolved = true;
        break;
      }
      const expansion = expandBraced(text.slice(index, close + 1), text.slice(index + 2, close), args);
      output += expansion.text;
      unresolved ||= expansion.unresolved;
      index = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(index + 1))?.[0];
    if (name === undefined) {
      output += char;
      index++;
      continue;
    }
    const value = args.get(name);
    if (value === undefined || value === null) {
      output += `$${name}`;
      unresolved = true;
    } else {
      output += value;
      unresolved ||= hasVariableReference(value);
    }
    index += 1 + name.length;
  }
  return { text: output, unresolved };
}

/** Expands the body of one `${…}`; `written` is the whole expression as it appeared. */
function expandBraced(written: string, body: string, args: ReadonlyMap<string, string | null>): Substitution {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return { text: written, unresolved: true };
  const operatorAndWord = body.slice(name.length);
  const value = args.get(name);
  const isSet = value !== undefined && value !== null;
  const keepsVariables = isSet && hasVariableReference(value);
  if (operatorAndWord === '') {
    return isSet ? { text: value, unresolved: keepsVariables } : { text: written, unresolved: true };
  }
  const operator = /^:?[-+?]/.exec(operatorAndWord)?.[0];
  if (operator === undefined) {
    // Pattern forms (`${X#p}`, `${X%s}`, `${X/a/b}`) are not modelled: leave them for a human.
    return { text: written, unresolved: true };
  }
  const word = operatorAndWord.slice(operator.length);
  // With a colon, an empty value counts as unset.
  const present = operator.startsWith(':') ? isSet && value !== '' : isSet;
  switch (operator.replace(':', '')) {
    case '-':
      return present ? { text: value ?? '', unresolved: keepsVariables } : substituteArgs(word, args);
    case '+':
      return present ? substituteArgs(word, args) : { text: '', unresolved: false };
    default:
      // `?`: an error when unset; when set, the value.
      return present ? { text: value ?? '', unresolved: keepsVariables } : { text: written, unresolved: true };
  }
}
