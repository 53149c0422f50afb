/**
 * The one reader of `#!` lines, for discovering extensionless scripts, choosing a script's shell dialect
 * and deciding whether a `RUN <<EOF` body runs in a shell.
 */
import { basename } from './shell-wrappers.js';

/**
 * The program a `#!` line runs, by its base name: `#!/usr/local/bin/bash -e` → `bash`,
 * `#!/usr/bin/env -S python3 -u` → `python3`; `null` without a `#!` line.
 */
export function interpreterOf(text: string): string | null {
  if (!text.startsWith('#!')) return null;
  const newline = text.indexOf('\n');
  const words = text.slice(2, newline === -1 ? undefined : newline).trim().split(/\s+/);
  const [program = '', ...rest] = words;
  // `env` runs the first word that is neither an option nor a NAME=value assignment.
  const name = basename(program) === 'env' ? rest.find((word) => !word.startsWith('-') && !word.includes('=')) ?? '' : program;
  return basename(name);
}
