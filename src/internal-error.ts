/**
 * What a failure of dockerlint itself (not of the linted files) says: one line naming where it
 * happened and asking for a bug report. The stack is shown only with DOCKERLINT_DEBUG set.
 */

export const REPORT_REQUEST = 'This is a bug in dockerlint; please report it (DOCKERLINT_DEBUG=1 shows the stack).';

/** The error's own message on one line, short. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const line = text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export const NESTED_TOO_DEEPLY = "nested too deeply to read (the parser's stack limit, dockerlint's): not linted";

/** A file nested deeper than the parser's recursion can follow: a limit of dockerlint's, not a bug. */
export function isStackOverflow(message: string): boolean {
  return message === 'RangeError: Maximum call stack size exceeded';
}

/** Is the stack of internal errors wanted (DOCKERLINT_DEBUG set)? */
export function debugging(): boolean {
  return Boolean(process.env.DOCKERLINT_DEBUG);
}

/**
 * Runs `work`; an exception (a bug of dockerlint: the input is never to blame for one) becomes
 * `failed(message)` so the caller can report it on the file or rule it belongs to and go on.
 * With DOCKERLINT_DEBUG set it propagates, stack and all.
 */
export function contained<T>(work: () => T, failed: (message: string) => T): T {
  try {
    return work();
  } catch (error) {
    if (debugging()) throw error;
    return failed(errorSummary(error));
  }
}

/** `contained` for asynchronous work. */
export async function containedAsync<T>(work: () => Promise<T>, failed: (message: string) => T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (debugging()) throw error;
    return failed(errorSummary(error));
  }
}
