/**
 * The one reader of `#!` lines, for discovering extensionless scripts, choosing a script's shell dialect,
 * deciding whether a `RUN <<EOF` body runs in a shell, and the shell options a script starts with.
 */
import { basename, shebangOptions } from './shell-wrappers.js';

/** The program of a `#!` line (`env` seen through) and the words after it; `null` without a `#!` line. */
function readShebang(text: string): { program: string; flags: string[] } | null {
  if (!text.startsWith('#!')) return null;
  const newline = text.indexOf('\n');
  const words = text.slice(2, newline === -1 ? undefined : newline).trim().split(/\s+/);
  const [program = '', ...rest] = words;
  if (basename(program) !== 'env') return { program, flags: rest };
  // `env` runs the first word that is neither an option nor a NAME=value assignment.
  const at = rest.findIndex((word) => !word.startsWith('-') && !word.includes('='));
  return at < 0 ? { program: '', flags: [] } : { program: rest[at] ?? '', flags: rest.slice(at + 1) };
}

/**
 * The program a `#!` line runs, by its base name: `#!/usr/local/bin/bash -e` → `bash`,
 * `#!/usr/bin/env -S python3 -u` → `python3`; `null` without a `#!` line.
 */
export function interpreterOf(text: string): string | null {
  const shebang = readShebang(text);
  return shebang === null ? null : basename(shebang.program);
}

/** The shell options a script's `#!` line starts it with: `#!/bin/sh -e` → `errexit`. */
export function shebangShellOptions(text: string): string[] {
  return shebangOptions(readShebang(text)?.flags ?? []);
}
