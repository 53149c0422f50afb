/**
 * Applies fixes to files. The rules:
 * - only inside the project: a path whose real location (symlinks resolved) leaves the root is not written;
 * - one fix pass per real file: a file reached twice (`Dockerfile.alias -> Dockerfile`) is fixed once;
 * - edits apply only to the text they were computed from: the file is read again and compared just before
 *   the write (compare-and-swap), so a file changed meanwhile — by the user or by a concurrent `--fix` — is
 *   left alone; a file to create is created only if it still does not exist (a hard link, which fails when
 *   the name is taken);
 * - written atomically (a temporary file beside the real file, then a rename), keeping the file's mode, its
 *   symlinks (the target is written) and its line endings.
 */
export type { PlannedFix, SkippedFix } from '../findings.js';
import type { PlannedFix, SkippedFix } from '../findings.js';
import { chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorCode, realPathInside } from '../files.js';
import type { Fix, TextEdit } from './rule.js';

/** Applies the edits that do not overlap an earlier (in file order) edit; returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  let applied = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) continue;
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
    applied++;
  }
  return { text: result + text.slice(cursor), applied };
}

/** Rules write `\n`; a file whose lines end in `\r\n` gets `\r\n` in what is inserted too. */
function inLineEndingsOf(original: string, edits: readonly TextEdit[]): TextEdit[] {
  const firstNewline = original.indexOf('\n');
  if (firstNewline <= 0 || original[firstNewline - 1] !== '\r') return [...edits];
  return edits.map((edit) => ({ ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') }));
}

const TEMPORARY = /^\.(.+)\.dockerlint-(\d+)\.tmp$/;

function temporaryFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.dockerlint-${process.pid}.tmp`);
}

/** Removes what an earlier run that was killed mid-write left beside `file`: only our own pattern, only of dead processes. */
function removeStaleTemporaries(file: string): void {
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match?.[1] !== path.basename(file) || processIsAlive(Number(match[2]))) continue;
    try {
      unlinkSync(path.join(path.dirname(file), name));
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeTemporary(file: string, text: string, mode: number | undefined): string {
  const temporary = temporaryFor(file);
  writeFileSync(temporary, text, { flag: 'wx' });
  if (mode !== undefined) chmodSync(temporary, mode);
  return temporary;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** A fix that was not written, and why. */
export interface FixOutcome {
  /** Repo-relative paths written, sorted. */
  changed: string[];
  skipped: SkippedFix[];
}

/** The fixes of each real file under `root`, once per real file; those that would leave the project, skipped. */
function fixesByRealFile(root: string, fixes: readonly Fix[]): { targets: { file: string; real: string; fixes: Fix[] }[]; skipped: SkippedFix[] } {
  const realRoot = realpathSync(root);
  const byFile = new Map<string, Fix[]>();
  for (const fix of [...fixes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    byFile.set(fix.file, [...(byFile.get(fix.file) ?? []), fix]);
  }
  const targets: { file: string; real: string; fixes: Fix[] }[] = [];
  const skipped: SkippedFix[] = [];
  const fixedReal = new Set<string>();
  for (const [file, fileFixes] of byFile) {
    const real = realPathInside(realRoot, path.join(root, file));
    if (real === null || real === realRoot) {
      skipped.push({ file, reason: 'it resolves (through a symlink) to a place outside the project' });
      continue;
    }
    if (fixedReal.has(real)) continue; // The same real file under another name (a symlink): fixed once.
    fixedReal.add(real);
    targets.push({ file, real, fixes: fileFixes });
  }
  return { targets, skipped };
}

/**
 * Applies fixes under `root`. `linted(file)` is the text each fix was computed from (`undefined` for a file
 * that did not exist); a file that no longer holds that text is skipped.
 */
export function applyFixes(root: string, fixes: readonly Fix[], linted: (file: string) => string | undefined): FixOutcome {
  const { targets, skipped } = fixesByRealFile(root, fixes);
  const changed: string[] = [];
  for (const target of targets) {
    try {
      const written = writeFix(target.real, target.fixes, linted(target.file));
      if (written === 'written') changed.push(target.file);
      else if (written !== 'unchanged') skipped.push({ file: target.file, reason: written.skipped });
    } catch (error) {
      skipped.push({ file: target.file, reason: `cannot write it (${errorCode(error)})` });
    }
  }
  return { changed: changed.sort(), skipped };
}

/** A file as `applyFixes` would write it: `before` is `undefined` for a file it would create. */
/** What `applyFixes` would write, in one pass, writing nothing. */
export function planFixes(root: string, fixes: readonly Fix[], linted: (file: string) => string | undefined): { planned: PlannedFix[]; skipped: SkippedFix[] } {
  const { targets, skipped } = fixesByRealFile(root, fixes);
  const planned = targets.flatMap((target) => {
    const before = linted(target.file);
    const after = fixedText(target.fixes, before);
    return after === null ? [] : [{ file: target.file, before, after }];
  });
  return { planned, skipped };
}

/** The text `fixes` make of a file that held `lintedText` (`undefined`: it did not exist); null when they change nothing. */
function fixedText(fixes: readonly Fix[], lintedText: string | undefined): string | null {
  if (lintedText === undefined) return fixes.find((fix) => fix.kind === 'create')?.text ?? null;
  const edits = fixes.flatMap((fix) => (fix.kind === 'edit' ? fix.edits : []));
  const { text, applied } = applyEdits(lintedText, inLineEndingsOf(lintedText, edits));
  return applied === 0 || text === lintedText ? null : text;
}

/** Writes one real file's fixes: `written`, `unchanged`, or `{ skipped: why }`. */
function writeFix(real: string, fixes: readonly Fix[], lintedText: string | undefined): 'written' | 'unchanged' | { skipped: string } {
  removeStaleTemporaries(real);
  const text = fixedText(fixes, lintedText);
  if (text === null) return 'unchanged';
  if (lintedText === undefined) {
    if (exists(real)) return { skipped: 'it was created by someone else since it was linted' };
    mkdirSync(path.dirname(real), { recursive: true });
    const temporary = writeTemporary(real, text, undefined);
    try {
      linkSync(temporary, real); // Fails with EEXIST if another run created it meanwhile: never overwrite.
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { skipped: 'it was created by someone else since it was linted' };
      throw error;
    } finally {
      removeQuietly(temporary);
    }
    return 'written';
  }
  const mode = statSync(real).mode;
  const temporary = writeTemporary(real, text, mode);
  try {
    if (readFileSync(real, 'utf8') !== lintedText) return { skipped: 'it changed since it was linted' };
    renameSync(temporary, real);
  } finally {
    removeQuietly(temporary);
  }
  return 'written';
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
