/**
 * The variables a Dockerfile word refers to, as BuildKit's word expansion reads them (`$NAME`, `${NAME}`,
 * `${NAME:-default}` and the other operators, the default itself searched too; `\$` and single quotes
 * keep a `$` literal), and the build arguments BuildKit defines itself.
 */

/** Defined by BuildKit for every build: usable in FROM, and in a stage once declared with `ARG NAME`. */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDOSVERSION', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETOSVERSION', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
]);

/** Proxy variables Docker passes to RUN without an ARG (`--build-arg HTTP_PROXY=…`), in both cases. */
export const PROXY_ARGS: ReadonlySet<string> = new Set(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((name) => [name, name.toLowerCase()]),
);

export interface VariableReference {
  name: string;
  /** Offsets of the `$…` expression in the text. */
  start: number;
  end: number;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** The variables `text` refers to, in order; `$1`, `$@` and other special parameters are not variables. */
export function variableReferences(text: string, escape = '\\'): VariableReference[] {
  const references: VariableReference[] = [];
  // The spans still to scan, innermost last: the word after an operator (`${A:-$B}`) is scanned before the
  // rest of the text around it. A stack rather than recursion, since repository text may nest thousands deep.
  const spans = [{ index: 0, to: text.length }];
  const closing = closingBraces(text, escape);
  for (let span = spans.at(-1); span !== undefined; span = spans.at(-1)) {
    const { index, to } = span;
    if (index >= to) {
      spans.pop();
      continue;
    }
    const char = text.charAt(index);
    if (char === escape) {
      span.index += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      span.index = close === -1 || close >= to ? to : close + 1;
    } else if (char !== '$') {
      span.index++;
    } else if (text.charAt(index + 1) === '{') {
      const brace = closing[index + 1] ?? -1;
      const close = brace < to ? brace : -1;
      const end = close === -1 ? to : close + 1;
      let nameEnd = index + 2;
      while (nameEnd < end && NAME_CHAR.test(text.charAt(nameEnd))) nameEnd++;
      const name = text.slice(index + 2, nameEnd);
      if (/^[A-Za-z_]/.test(name)) references.push({ name, start: index, end });
      span.index = end;
      spans.push({ index: nameEnd, to: close === -1 ? to : close });
    } else {
      let nameEnd = index + 1;
      while (nameEnd < to && NAME_CHAR.test(text.charAt(nameEnd))) nameEnd++;
      const name = text.slice(index + 1, nameEnd);
      if (/^[A-Za-z_]/.test(name)) references.push({ name, start: index, end: nameEnd });
      span.index = Math.max(nameEnd, index + 1);
    }
  }
  return references;
}

/**
 * For each `{`, the index of the `}` that closes it (braces counted, escaped characters skipped), or -1:
 * one pass, as scanning ahead from each `${` is quadratic in how deep references nest.
 */
function closingBraces(text: string, escape: string): Int32Array {
  const closing = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === escape) index++;
    else if (char === '{') open.push(index);
    else if (char === '}') {
      const opened = open.pop();
      if (opened !== undefined) closing[opened] = index;
    }
  }
  return closing;
}
