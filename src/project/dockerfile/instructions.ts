/**
 * Step 3 of reading a Dockerfile: typed instructions, as BuildKit's instruction parser makes them, with
 * the shape errors it raises while doing so (COPY without a destination, FROM with two words, a JSON
 * array of non-strings).
 */
import type { Range, SourceFile } from '../../source.js';
import { imageRefError, parseImageRef, substituteArgs } from '../image-ref.js';
import type { CopyInstruction, FromInstruction, Heredoc, ImageRef, Instruction, KeyValue, Keyword, Word } from '../model.js';
import { JSON_FORM } from './arguments.js';
import type { DockerfileScan, ScannedInstruction } from './scan.js';
import { commandLine, isHeredocWord, isPosixShell, isWindowsImage } from './shell.js';
import type { ShellParser } from './shell.js';
import { fileOffsetOf, findHeredocOperators, parseJsonArray, splitShellWords, splitWhitespace, unquote } from './text.js';
import type { JsonArrayResult, JsonString, LogicalLine, LogicalWord } from './text.js';

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

export interface StageContext {
  index: number;
  name: string | null;
  /** Is the stage's shell (its `SHELL`, or inherited) a POSIX shell we can parse? */
  posixShell: boolean;
}

/** What an instruction's meaning depends on besides its own text: the stages and ARGs before it. */
export interface InstructionContext {
  stageIndex: number;
  stage: StageContext | null;
  /** Global ARGs (before the first FROM) with their defaults, substituted in FROM. */
  globalArgValues: ReadonlyMap<string, string | null>;
  namedStages: ReadonlyMap<string, StageContext>;
  parseShell: ShellParser | null;
}

type Base = Omit<Instruction, 'keyword'>;

export function buildInstruction(
  scan: DockerfileScan,
  item: ScannedInstruction,
  { keyword, refused }: { keyword: Keyword; refused: boolean },
  context: InstructionContext,
): Instruction {
  const { source } = scan;
  const json = JSON_FORM.has(keyword) ? jsonForm(scan, item) : ({ kind: 'not-json' } as const);
  const args =
    json.kind === 'strings'
      ? json.strings.map((string) => jsonWord(source, item.logical, string))
      : splitWhitespace(item.logical.text, item.builder.argsIndex).map((word) => wordOf(scan, item.logical, word));
  const base: Base = {
    range: source.range(item.start, item.end),
    keywordRange: source.range(item.start, item.keywordEnd),
    args,
    flags: item.flags,
    stageIndex: context.stageIndex,
  };
  const heredocs = item.heredocs.map(
    (body): Heredoc => ({
      name: body.operator.name,
      content: source.text.slice(body.contentStart, body.contentEnd),
      contentRange: source.range(body.contentStart, body.contentEnd),
    }),
  );
  const shell = { parseShell: context.parseShell, posixShell: context.stage?.posixShell ?? true };

  switch (keyword) {
    case 'FROM':
      return from(scan, base, context);
    case 'RUN':
      return { ...base, keyword, heredocs, ...commandLine(source, scan.escapeChar, item, json, shell) };
    case 'CMD':
    case 'ENTRYPOINT':
      return { ...base, keyword, ...commandLine(source, scan.escapeChar, item, json, shell) };
    case 'COPY':
    case 'ADD':
      return copy(scan, { ...base, keyword }, item, json, heredocs);
    case 'ARG':
    case 'ENV':
    case 'LABEL':
      // BuildKit refuses a malformed ARG, ENV or LABEL as a whole: its pairs are unknown, not half-read.
      return { ...base, keyword, properties: refused ? [] : keyword === 'ARG' ? argPairs(scan, item) : pairs(scan, item) };
    default:
      return { ...base, keyword };
  }
}

/** Does this SHELL instruction name a POSIX shell? */
export function shellIsPosix(item: ScannedInstruction): boolean {
  return isPosixShell(parseJsonArray(item.logical.text, item.builder.argsIndex));
}

/** A stage built on an earlier stage keeps its shell; otherwise the base image decides. */
export function inheritedPosixShell(from: FromInstruction, namedStages: ReadonlyMap<string, StageContext>): boolean {
  return namedStages.get(from.image.text.toLowerCase())?.posixShell ?? !isWindowsImage(from.image);
}

function jsonForm({ problems }: DockerfileScan, item: ScannedInstruction): JsonArrayResult {
  const result = parseJsonArray(item.logical.text, item.builder.argsIndex);
  if (result.kind === 'not-strings') {
    problems.add(item.start, item.end, `${item.keyword} in JSON form must be an array of strings`);
  } else if (item.keyword === 'SHELL' && (result.kind === 'not-json' || result.strings.length === 0)) {
    problems.add(item.start, item.end, 'SHELL requires a JSON array of strings, e.g. SHELL ["/bin/bash", "-c"]');
  }
  return result;
}

function from({ source, escapeChar, problems }: DockerfileScan, base: Base, context: InstructionContext): FromInstruction {
  const [imageWord, asWord, nameWord] = base.args;
  const wellFormed = base.args.length === 1 || (base.args.length === 3 && asWord?.value.toLowerCase() === 'as');
  if (!wellFormed) {
    problems.add(source.offsetAt(base.range.start), source.offsetAt(base.range.end), 'FROM requires either one or three arguments (FROM image [AS name])');
  }

  const substituted = substituteArgs(imageWord?.raw ?? '', context.globalArgValues);
  const parsed = parseImageRef(unquote(substituted.text, escapeChar));
  // A FROM BuildKit refuses (no image, two words, …) names nothing rules could judge.
  const image: ImageRef = wellFormed ? parsed : { ...parsed, dynamic: true };
  const imageRange = imageWord?.range ?? base.keywordRange;
  const isStageReference = context.namedStages.has(image.text.toLowerCase());
  const imageError = isStageReference ? null : imageRefError(image);
  if (imageError !== null && imageWord !== undefined && wellFormed) {
    problems.add(source.offsetAt(imageRange.start), source.offsetAt(imageRange.end), imageError);
  }

  const stageNameWord = wellFormed && nameWord !== undefined ? nameWord : null;
  const stageName = stageNameWord?.value.toLowerCase() ?? null;
  // A duplicate name builds (BuildKit only warns); `stage-layout` reports it.
  if (stageNameWord !== null && stageName !== null && !STAGE_NAME.test(stageName)) {
    const written = JSON.stringify(stageNameWord.value);
    problems.add(
      source.offsetAt(stageNameWord.range.start),
      source.offsetAt(stageNameWord.range.end),
      `invalid stage name ${written}: use letters, digits, '-', '_' and '.', starting with a letter`,
    );
  }
  return {
    ...base,
    keyword: 'FROM',
    image,
    imageRange,
    stageName,
    stageNameRange: stageNameWord?.range ?? null,
    platform: base.flags.find((flag) => flag.name === 'platform')?.value ?? null,
  };
}

function copy(
  scan: DockerfileScan,
  base: Omit<CopyInstruction, 'sources' | 'destination' | 'from' | 'heredocs'>,
  item: ScannedInstruction,
  json: JsonArrayResult,
  heredocs: Heredoc[],
): CopyInstruction {
  const { source, problems } = scan;
  const { keyword } = base;
  const logicalWords = json.kind === 'strings' ? null : splitWhitespace(item.logical.text, item.builder.argsIndex);
  const words = logicalWords === null ? base.args : logicalWords.filter((word) => !isHeredocWord(item, word)).map((word) => wordOf(scan, item.logical, word));
  // BuildKit counts heredoc operators as arguments, and refuses one as the destination.
  const count = logicalWords?.length ?? base.args.length;
  const last = base.args.at(-1);
  const lastWord = logicalWords?.at(-1);
  const destinationIsHeredoc =
    lastWord === undefined
      ? last !== undefined && findHeredocOperators([{ raw: last.value, start: 0, end: 0 }], scan.escapeChar).length > 0
      : item.heredocs.some(({ operator }) => !operator.spaced && lastWord.start >= operator.start && lastWord.start < operator.end);
  let destination: Word | null = null;
  let sources = words;
  if (count < 2) {
    problems.add(item.start, item.end, `${keyword} requires at least two arguments: source(s) and a destination`);
  } else if (destinationIsHeredoc && last !== undefined) {
    problems.add(
      source.offsetAt(last.range.start),
      source.offsetAt(last.range.end),
      `${keyword} cannot take a heredoc as its destination: write the destination path last (${keyword} <<EOF /path)`,
    );
  } else {
    sources = words.slice(0, -1);
    destination = words.at(-1) ?? null;
  }
  // `--from=` with no value, like no `--from`, is the build context.
  const fromFlag = base.flags.find((flag) => flag.name === 'from')?.value;
  return { ...base, sources, destination, from: fromFlag === undefined || fromFlag === '' ? null : fromFlag, heredocs };
}

/** ENV and LABEL pairs as the library reads them, without the flags it takes for pairs. */
function pairs({ source }: DockerfileScan, item: ScannedInstruction): KeyValue[] {
  const argsStart = fileOffsetOf(item.logical, item.builder.argsIndex);
  return (item.properties ?? [])
    .filter((property) => property.start >= argsStart)
    .map(({ name, value, start, end, nameEnd }) => ({ name, value, range: source.range(start, end), nameRange: source.range(start, nameEnd) }));
}

/** ARG's words, each `NAME` or `NAME=default`, as BuildKit splits them (`ARG A B` declares two). */
function argPairs(scan: DockerfileScan, item: ScannedInstruction): KeyValue[] {
  const { logical } = item;
  return splitShellWords(logical.text, item.builder.argsIndex, scan.escapeChar).map((word) => {
    const equals = word.raw.indexOf('=');
    const nameEnd = equals === -1 ? word.end : word.start + equals;
    return {
      name: unquote(word.raw.slice(0, nameEnd - word.start), scan.escapeChar),
      value: equals === -1 ? null : unquote(word.raw.slice(equals + 1), scan.escapeChar),
      range: logicalRange(scan.source, logical, word.start, word.end),
      nameRange: logicalRange(scan.source, logical, word.start, nameEnd),
    };
  });
}

function wordOf({ source, escapeChar }: DockerfileScan, logical: LogicalLine, word: LogicalWord): Word {
  return { raw: word.raw, value: unquote(word.raw, escapeChar), range: logicalRange(source, logical, word.start, word.end) };
}

function jsonWord(source: SourceFile, logical: LogicalLine, string: JsonString): Word {
  return { raw: string.raw, value: string.value, range: logicalRange(source, logical, string.start, string.end) };
}

function logicalRange(source: SourceFile, logical: LogicalLine, start: number, end: number): Range {
  const startOffset = fileOffsetOf(logical, start);
  const endOffset = end > start ? fileOffsetOf(logical, end - 1) + 1 : startOffset;
  return source.range(startOffset, endOffset);
}
