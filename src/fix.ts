/**
 * Applies fixes to files: non-overlapping edits per file, written atomically (a temporary file in the
 * same directory, then a rename), so an interrupted run never leaves a half-written file.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

function writeAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.dockerlint-${process.pid}.tmp`);
  const mode = existsSync(file) ? statSync(file).mode : undefined;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

/**
 * Applies fixes under `root`; returns the repo-relative paths changed. Edits to a file are applied
 * against its current content; a file to create is only created when it does not exist yet.
 */
export function applyFixes(root: string, fixes: readonly Fix[]): string[] {
  const editsByFile = new Map<string, TextEdit[]>();
  const creations = new Map<string, string>();
  for (const fix of fixes) {
    if (fix.kind === 'create') {
      if (!creations.has(fix.file)) creations.set(fix.file, fix.text);
    } else {
      editsByFile.set(fix.file, [...(editsByFile.get(fix.file) ?? []), ...fix.edits]);
    }
  }
  const changed: string[] = [];
  for (const [file, text] of creations) {
    const absolute = path.join(root, file);
    if (existsSync(absolute)) continue;
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeAtomically(absolute, text);
    changed.push(file);
  }
  for (const [file, edits] of editsByFile) {
    if (creations.has(file)) continue;
    const absolute = path.join(root, file);
    const before = readFileSync(absolute, 'utf8');
    const { text, applied } = applyEdits(before, edits);
    if (applied === 0 || text === before) continue;
    writeAtomically(absolute, text);
    changed.push(file);
  }
  return changed.sort();
}
