/**
 * Dockerfile text as the author wrote it, for rules about spelling (keyword casing, `=` between key and
 * value) that the model's normalised values hide: `keyword` is upper-cased, stage names lower-cased.
 */
import type { DockerfileDoc, Instruction, KeyValue } from '../project/model.js';
import type { Range } from '../source.js';

/** The text of a range of the Dockerfile, exactly as written. */
export function writtenText(dockerfile: DockerfileDoc, range: Range): string {
  const { source } = dockerfile;
  return source.text.slice(source.offsetAt(range.start), source.offsetAt(range.end));
}

/** The instruction's keyword as written (`from`, `Copy`). */
export function writtenKeyword(dockerfile: DockerfileDoc, instruction: Instruction): string {
  return writtenText(dockerfile, instruction.keywordRange);
}

/** Is the pair written in the legacy `KEY value` form, without `=` after the key? */
export function isLegacyPair(dockerfile: DockerfileDoc, pair: KeyValue): boolean {
  const { source } = dockerfile;
  return source.text.charAt(source.offsetAt(pair.nameRange.end)) !== '=';
}

/** A piece of an instruction as written, with where it is. */
export interface WrittenPart {
  text: string;
  range: Range;
}

/** The value part of `NAME=value` (or legacy `NAME value`) as written, quotes and references kept. */
export function writtenValue(dockerfile: DockerfileDoc, pair: KeyValue): WrittenPart {
  const written = writtenText(dockerfile, pair.range);
  const nameLength = writtenText(dockerfile, pair.nameRange).length;
  return { text: written.slice(nameLength), range: { start: pair.nameRange.end, end: pair.range.end } };
}

/** Where the characters `[start, end)` of a part are: exact on a one-line part, else the whole part. */
export function partRange(part: WrittenPart, start: number, end: number): Range {
  if (part.range.start.line !== part.range.end.line || part.text.includes('\n')) return part.range;
  const { line, column } = part.range.start;
  return { start: { line, column: column + start }, end: { line, column: column + end } };
}
