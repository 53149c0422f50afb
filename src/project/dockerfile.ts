/**
 * Parses a Dockerfile once into the `DockerfileDoc` model. dockerfile-ast finds instructions, keywords,
 * flags and ARG/ENV/LABEL properties; continuations, words, JSON arrays, heredocs, comments and image
 * references are read here from the original text, because the library gets those wrong in ways that
 * matter (see the research notes): whitespace dropped inside JSON strings, comment lines kept in RUN text,
 * `<< EOF` bodies turned into instructions, crashes in `getHeredocs()`, and a BOM shifting line 1.
 */
import { DockerfileParser, Instruction as AstInstructionClass, ModifiableInstruction, PropertyInstruction } from 'dockerfile-ast';
import type { Argument, Instruction as AstInstruction } from 'dockerfile-ast';
import { closest, shortWordTypos, shorten } from '../text.js';
import { mountOptions } from './run-mount.js';
import { basename, SHELL_HEREDOC_WRAPPER, SHELLS, shellScriptIndex } from './shell-wrappers.js';
import type { Comment, Range, SourceFile } from '../source.js';
import {
  fileOffsetOf,
  findHeredocOperators,
  logicalIndexOf,
  parseJsonArray,
  readHeredocBodies,
  readLogicalLine,
  shellView,
  skipBlanks,
  splitShellWords,
  splitWhitespace,
  unquote,
} from './dockerfile-text.js';
import type { HeredocBody, JsonArrayResult, JsonString, LogicalLine, LogicalWord, OffsetSpan } from './dockerfile-text.js';
import { checkArguments, JSON_FORM, readBuilderFlags } from './dockerfile-arguments.js';
import { imageRefError, parseImageRef, substituteArgs } from './image-ref.js';
import { CURRENT_DOCKERFILE_DIALECT, dockerfileDialect } from './docker-version.js';
import type { DockerfileDialect, Version } from './docker-version.js';
import type {
  CommandInstruction,
  CommandLine,
  CopyInstruction,
  DockerfileDoc,
  Flag,
  FromInstruction,
  Heredoc,
  ImageRef,
  Instruction,
  KeyValue,
  KeyValueInstruction,
  OtherInstruction,
  ParseProblem,
  RunInstruction,
  ShellCommand,
  ShellScript,
  Stage,
  Word,
} from './model.js';

/**
 * Parses a shell script whose first character is at `baseOffset` of the Dockerfile. `runsAtBuild`: the
 * script is a RUN's, so a syntax error in it fails the build (CMD and ENTRYPOINT run only in a container).
 */
export type ShellParser = (text: string, baseOffset: number, runsAtBuild: boolean) => ShellScript;

/** Larger files are refused: dockerfile-ast is super-linear (1 MB ≈ 0.6 s, 4 MB ≈ 13 s). */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;
/** How much of the file is checked for NUL bytes and undecodable UTF-8. */
const BINARY_SNIFF_LENGTH = 8 * 1024;
/** Re-parses allowed to repair instruction boundaries around heredocs the library misreads… */
const MAX_REPAIRS = 32;
/** …and the text they may parse in total, so a large file cannot take many seconds. */
const REPAIR_BUDGET_CHARS = 2 * 1024 * 1024;

export const KNOWN_KEYWORDS: readonly string[] = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** Instructions whose arguments Docker reads as a JSON array when they look like one. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** One instruction as found by the library, with what we read ourselves from the original text. */
interface InstructionOutline {
  ast: AstInstruction;
  keyword: string;
  start: number;
  end: number;
  keywordEnd: number;
  logical: LogicalLine;
  heredocs: HeredocBody[];
}

interface ScannedInstruction extends InstructionOutline {
  flags: Flag[];
  /** Offset after the keyword and flags. */
  afterFlags: number;
  /** Index into `logical.text` where the arguments start. */
  argsIndex: number;
}

/**
 * dockerfile-ast reads an instruction's arguments from its text again on each `getRawArguments()` call,
 * and makes that call several times for one instruction while it parses (its flags, JSON form and
 * heredocs): a large share of parsing a Dockerfile. The instruction's text never changes, so the first
 * reading is kept. Callers change the array they get (flags are shifted off it), so each gets a copy.
 */
const rawArgumentsRead = new WeakMap<AstInstruction, Argument[]>();
const instructionPrototype = AstInstructionClass.prototype as unknown as { getRawArguments: (this: AstInstruction) => Argument[] };
const readRawArguments = instructionPrototype.getRawArguments;
instructionPrototype.getRawArguments = function getRawArguments(this: AstInstruction): Argument[] {
  let args = rawArgumentsRead.get(this);
  if (args === undefined) {
    args = readRawArguments.call(this);
    rawArgumentsRead.set(this, args);
  }
  return args.slice();
};

export interface DockerfileOptions {
  /** The Docker Engine that builds (its built-in frontend reads files without `# syntax=`); `null`: a current one. */
  engine?: Version | null;
}

export function parseDockerfile(source: SourceFile, parseShell: ShellParser | null, options: DockerfileOptions = {}): DockerfileDoc {
  const refusal = refusalReason(source.text);
  if (refusal !== null) return emptyDocument(source, refusal);
  try {
    return new DockerfileReader(source, parseShell, options.engine ?? null).read();
  } catch (error) {
    // The readers are written not to throw; this keeps one bad file from stopping a whole lint run.
    const message = error instanceof Error ? error.message : String(error);
    return emptyDocument(source, `internal error while parsing this Dockerfile: ${message}`);
  }
}

function refusalReason(text: string): string | null {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length test is safe.
  const bytes = text.length > MAX_DOCKERFILE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCKERFILE_BYTES) {
    return `file is too large to be a Dockerfile (over ${MAX_DOCKERFILE_BYTES} bytes); it was not parsed`;
  }
  const head = text.slice(0, BINARY_SNIFF_LENGTH);
  if (head.includes('\u0000') || head.includes('\uFFFD')) {
    return 'not a text file (NUL bytes or invalid UTF-8); it was not parsed';
  }
  return null;
}

function emptyDocument(source: SourceFile, message: string): DockerfileDoc {
  return {
    kind: 'dockerfile',
    source,
    comments: [],
    instructions: [],
    globalArgs: [],
    stages: [],
    problems: [{ location: source.location(0, 0), message }],
  };
}

interface StageContext {
  index: number;
  name: string | null;
  /** Is the stage's shell (its `SHELL`, or inherited) a POSIX shell we can parse? */
  posixShell: boolean;
}

class DockerfileReader {
  readonly #source: SourceFile;
  readonly #text: string;
  readonly #parseShell: ShellParser | null;
  /** Length of a leading BOM, stripped before the library sees the text. */
  readonly #bomLength: number;
  #escapeChar = '\\';
  /** Does a `# syntax=` directive ask for the labs channel, which accepts more flags? */
  #labs = false;
  readonly #engine: Version | null;
  /** What this file's frontend accepts where frontends differ: its `# syntax=` one, else the engine's. */
  #dialect: DockerfileDialect = CURRENT_DOCKERFILE_DIALECT;
  readonly #problems: { offset: number; problem: ParseProblem }[] = [];

  constructor(source: SourceFile, parseShell: ShellParser | null, engine: Version | null) {
    this.#source = source;
    this.#engine = engine;
    this.#text = source.text;
    this.#parseShell = parseShell;
    this.#bomLength = this.#text.startsWith('\uFEFF') ? 1 : 0;
  }

  read(): DockerfileDoc {
    const scanned = this.#scanInstructions();
    const globalArgs: KeyValue[] = [];
    const globalArgValues = new Map<string, string | null>();
    const stages: Stage[] = [];
    const namedStages = new Map<string, StageContext>();
    const instructions: Instruction[] = [];
    let current: StageContext | null = null;

    for (const item of scanned) {
      const stageIndex = item.keyword === 'FROM' ? stages.length : (current?.index ?? -1);
      const instruction = this.#buildInstruction(item, stageIndex, current, globalArgValues, namedStages);
      instructions.push(instruction);
      if (instruction.keyword === 'FROM') {
        const from = instruction as FromInstruction;
        current = { index: stages.length, name: from.stageName, posixShell: inheritedPosixShell(from, namedStages) };
        // A name used twice refers to the later stage from then on, as in BuildKit.
        if (from.stageName !== null) namedStages.set(from.stageName, current);
        stages.push({ index: current.index, name: from.stageName, from, instructions: [] });
        continue;
      }
      const stage = stages[stageIndex];
      if (stage !== undefined) stage.instructions.push(instruction);
      if (current === null && instruction.keyword === 'ARG') {
        for (const property of (instruction as KeyValueInstruction).properties) {
          globalArgs.push(property);
          globalArgValues.set(
            property.name,
            property.value === null ? null : substituteArgs(property.value, globalArgValues).text,
          );
        }
      }
      if (current !== null && instruction.keyword === 'SHELL') current.posixShell = this.#shellIsPosix(item);
    }
    if (stages.length === 0) this.#problem(0, 0, 'no FROM instruction: Docker cannot build this file');

    return {
      kind: 'dockerfile',
      source: this.#source,
      comments: this.#readComments(scanned),
      instructions,
      globalArgs,
      stages,
      problems: this.#problems.sort((a, b) => a.offset - b.offset).map(({ problem }) => problem),
    };
  }

  // ─── Finding instructions ──────────────────────────────────────────────────

  /**
   * Lets the library find instructions, then checks each heredoc-capable one against our own reading.
   * Where the library stopped short (`<< EOF`, `2<<EOF`), the instructions it made from heredoc bodies are
   * dropped. Where it read too far (`echo "a <<EOF"`, or a body line it took for a heredoc), the
   * instruction's arguments and everything before it are blanked in the library's copy of the text and
   * the rest is parsed again — at most `MAX_REPAIRS` times and `REPAIR_BUDGET_CHARS` of text, after which
   * the library's reading is taken as it is.
   */
  #scanInstructions(): ScannedInstruction[] {
    const bom = this.#bomLength;
    const withoutBom = this.#text.slice(bom);
    const directivesEnd = leadingDirectivesLength(withoutBom);
    const syntax = /^[ \t]*#[ \t]*syntax[ \t]*=[ \t]*([^\n]*?)[ \t\r]*$/im.exec(withoutBom.slice(0, directivesEnd))?.[1] ?? null;
    this.#labs = syntax?.includes('labs') ?? false;
    this.#dialect = dockerfileDialect(syntax, this.#engine);
    for (const { offset, length, message } of directiveProblems(withoutBom.slice(0, directivesEnd))) this.#problem(bom + offset, bom + offset + length, message);
    let libraryText = hideComments(withoutBom, directivesEnd);
    const scanned: ScannedInstruction[] = [];
    let parsedFrom = 0;
    let budget = REPAIR_BUDGET_CHARS;
    let lastRepair = -1;
    for (let attempt = 0; ; attempt++) {
      const document = DockerfileParser.parse(libraryText);
      this.#escapeChar = document.getEscapeCharacter();
      const astInstructions = document.getInstructions();
      let result = this.#collect(astInstructions, attempt >= MAX_REPAIRS || budget <= 0);
      // A second repair of the same instruction would not help: take the library's reading as it is.
      if (result.repair !== null && result.repair.start === lastRepair) result = this.#collect(astInstructions, true);
      for (const item of result.scanned) scanned.push(item);
      const { repair } = result;
      if (repair === null) return scanned;
      lastRepair = repair.start;
      // Parse again from the repaired instruction on, with what is already read and its arguments blanked.
      libraryText = blank(libraryText, Math.max(directivesEnd, parsedFrom), repair.start - bom);
      libraryText = blank(libraryText, repair.from - bom, repair.to - bom);
      parsedFrom = repair.start - bom;
      budget -= libraryText.length - parsedFrom;
    }
  }

  /** Reads the library's instructions; unless `lenient`, stops at the first one that needs a repair. */
  #collect(astInstructions: AstInstruction[], lenient: boolean): { scanned: ScannedInstruction[]; repair: Repair | null } {
    const scanned: ScannedInstruction[] = [];
    let owner: ScannedInstruction | null = null;
    let nextStart = astInstructions[0] === undefined ? 0 : this.#offset(astInstructions[0].getRange().start);
    for (const [index, ast] of astInstructions.entries()) {
      const range = ast.getRange();
      const start = nextStart;
      const libraryEnd = this.#offset(range.end);
      const following = astInstructions[index + 1];
      nextStart = following === undefined ? Infinity : this.#offset(following.getRange().start);
      if (owner !== null && start < owner.end) {
        // An instruction the library made out of a heredoc body. The owner is the last one read.
        if (!lenient && libraryEnd > nextContentLine(this.#text, owner.end)) {
          scanned.pop();
          return { scanned, repair: this.#repairOf(owner) };
        }
        continue;
      }
      // Swallowing is checked before flags are asked for: on a huge swallowing instruction they are slow.
      const outline = this.#outline(ast, start, nextStart);
      if (!lenient && libraryEnd > nextContentLine(this.#text, outline.end)) {
        return { scanned, repair: this.#repairOf(outline) };
      }
      const item = this.#complete(outline);
      if (item.heredocs.length > 0) owner = item;
      scanned.push(item);
    }
    return { scanned, repair: null };
  }

  /** What we read ourselves: the logical line, heredocs, and so where the instruction ends. */
  #outline(ast: AstInstruction, start: number, nextStart: number): InstructionOutline {
    const keyword = ast.getKeyword();
    const keywordEnd = this.#offset(ast.getInstructionRange().end);
    const logical = readLogicalLine(this.#text, start, this.#escapeChar, nextStart);
    const keywordIndex = logicalIndexOf(logical, keywordEnd);
    // Flags are read as words too; none looks like a heredoc operator.
    const heredocs = this.#acceptsHeredocs(keyword, logical, keywordIndex) ? this.#readHeredocs(logical, keywordIndex) : [];
    const end = heredocs.at(-1)?.end ?? logical.end;
    return { ast, keyword, start, end, keywordEnd, logical, heredocs };
  }

  #complete(outline: InstructionOutline): ScannedInstruction {
    const { ast, keywordEnd, logical } = outline;
    // The library reads on past a lone `--` (and past words holding `--`); BuildKit's flags end there.
    const builderArgsIndex = readBuilderFlags(logical.text, logicalIndexOf(logical, keywordEnd), this.#escapeChar).argsIndex;
    const builderArgsStart = fileOffsetOf(logical, builderArgsIndex);
    const libraryFlags = ast instanceof ModifiableInstruction ? ast.getFlags().map((flag) => this.#flag(flag)) : [];
    const flags = libraryFlags.filter((flag) => this.#source.offsetAt(flag.range.start) < builderArgsStart && flag.name !== '');
    let afterFlags = keywordEnd;
    for (const flag of libraryFlags) afterFlags = Math.max(afterFlags, this.#source.offsetAt(flag.range.end));
    const argsIndex = skipBlanks(logical.text, logicalIndexOf(logical, afterFlags));
    return { ...outline, flags, afterFlags, argsIndex: Math.min(argsIndex, builderArgsIndex) };
  }

  /** Blanks the arguments after the flags, found as BuildKit does: leading words that start with `--`. */
  #repairOf(outline: InstructionOutline): Repair {
    const { logical } = outline;
    const words = splitWhitespace(logical.text, logicalIndexOf(logical, outline.keywordEnd));
    let from = outline.keywordEnd;
    for (const word of words) {
      if (!word.raw.startsWith('--')) break;
      from = fileOffsetOf(logical, word.end - 1) + 1;
    }
    return { start: outline.start, from, to: outline.end };
  }

  #acceptsHeredocs(keyword: string, logical: LogicalLine, keywordIndex: number): boolean {
    if (HEREDOC_KEYWORDS.has(keyword)) return true;
    if (keyword !== 'ONBUILD') return false;
    // `ONBUILD RUN <<EOF` takes heredocs too.
    const trigger = /^\s*(\S+)/.exec(logical.text.slice(keywordIndex, keywordIndex + 64))?.[1]?.toUpperCase();
    return trigger !== undefined && HEREDOC_KEYWORDS.has(trigger);
  }

  #readHeredocs(logical: LogicalLine, argsIndex: number): HeredocBody[] {
    const words = splitShellWords(logical.text, argsIndex, this.#escapeChar);
    const operators = findHeredocOperators(words, this.#escapeChar, this.#dialect.heredocSpace);
    if (operators.length === 0) return [];
    const bodies = readHeredocBodies(this.#text, logical.end, operators);
    // `<< NAME` only counts as a (mistaken) heredoc when its delimiter line is there.
    if (bodies.some((body) => body.operator.spaced && !body.terminated)) {
      const kept = operators.filter((operator) => !operator.spaced);
      return kept.length === 0 ? [] : readHeredocBodies(this.#text, logical.end, kept);
    }
    return bodies;
  }

  // ─── Building the model ────────────────────────────────────────────────────

  #buildInstruction(
    item: ScannedInstruction,
    stageIndex: number,
    stage: StageContext | null,
    globalArgValues: ReadonlyMap<string, string | null>,
    namedStages: ReadonlyMap<string, StageContext>,
  ): Instruction {
    const { keyword } = item;
    const known = this.#checkKeyword(item, stage);
    const refused = known && this.#checkArguments(item);
    const json = JSON_FORM.has(keyword) ? this.#jsonForm(item) : ({ kind: 'not-json' } as const);
    const args =
      json.kind === 'strings'
        ? json.strings.map((string) => this.#jsonWord(item.logical, string))
        : splitWhitespace(item.logical.text, item.argsIndex).map((word) => this.#word(item.logical, word));
    const base = {
      keyword,
      range: this.#source.range(item.start, item.end),
      keywordRange: this.#source.range(item.start, item.keywordEnd),
      args,
      flags: item.flags,
      stageIndex,
    };
    const heredocs = item.heredocs.map((body) => this.#heredoc(body));
    this.#reportHeredocProblems(item);

    switch (keyword) {
      case 'FROM':
        return this.#from(base, globalArgValues, namedStages);
      case 'RUN': {
        const run: RunInstruction = { ...base, keyword, heredocs, ...this.#commandLine(item, json, stage) };
        return run;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const command: CommandInstruction = { ...base, keyword, ...this.#commandLine(item, json, stage) };
        return command;
      }
      case 'COPY':
      case 'ADD':
        return this.#copy({ ...base, keyword }, item, json, heredocs);
      case 'ARG':
      case 'ENV':
      case 'LABEL': {
        // BuildKit refuses a malformed ARG, ENV or LABEL as a whole: its pairs are unknown, not half-read.
        const properties = item.ast instanceof PropertyInstruction && !refused ? this.#properties(item.ast, item) : [];
        const keyValue: KeyValueInstruction = { ...base, keyword, properties };
        return keyValue;
      }
      default: {
        const other: OtherInstruction = base;
        return other;
      }
    }
  }

  /** Reports an unknown keyword or one before the first FROM; is the keyword known? */
  #checkKeyword(item: ScannedInstruction, stage: StageContext | null): boolean {
    const { keyword } = item;
    if (!KNOWN_KEYWORDS.includes(keyword)) {
      const suggestion = closest(keyword, KNOWN_KEYWORDS, shortWordTypos(keyword));
      const hint = suggestion === null ? '' : `; did you mean ${suggestion}?`;
      this.#problem(item.start, item.keywordEnd, `unknown instruction ${JSON.stringify(keyword)}${hint}`);
      return false;
    }
    if (stage === null && keyword !== 'ARG' && keyword !== 'FROM') {
      this.#problem(item.start, item.keywordEnd, `${keyword} before the first FROM: only ARG may come before it`);
    }
    return true;
  }

  /** Reports the flags and arguments BuildKit refuses; did it refuse any? */
  #checkArguments(item: ScannedInstruction): boolean {
    const { logical } = item;
    const keywordIndex = logicalIndexOf(logical, item.keywordEnd);
    const problems = checkArguments(item.keyword, logical.text, keywordIndex, { escapeChar: this.#escapeChar, labs: this.#labs });
    for (const { span, message } of problems) {
      if (span === null) this.#problem(item.start, item.end, message);
      else this.#problem(fileOffsetOf(logical, span.start), fileOffsetOf(logical, span.end - 1) + 1, message);
    }
    return problems.length > 0;
  }

  #reportHeredocProblems(item: ScannedInstruction): void {
    for (const body of item.heredocs) {
      const start = fileOffsetOf(item.logical, body.operator.start);
      const end = fileOffsetOf(item.logical, body.operator.end - 1) + 1;
      if (body.operator.spaced) {
        const { name, stripTabs } = body.operator;
        const operator = stripTabs ? '<<-' : '<<';
        const reader = stripTabs ? 'Docker' : 'This Dockerfile frontend (before 1.16, built into Docker Engine 28.2)';
        this.#problem(
          start,
          end,
          `${reader} does not read "${operator} ${name}" (space after ${operator}) as a heredoc, so the lines up to ` +
            `${name} would become instructions: write ${operator}${name}`,
        );
      }
      if (!body.terminated) {
        this.#problem(start, end, `unterminated heredoc: no line ${body.operator.name} ends it`);
      }
    }
  }

  #jsonForm(item: ScannedInstruction): JsonArrayResult {
    // After the flags as BuildKit reads them: the library reads none on CMD, ENTRYPOINT, SHELL and VOLUME.
    const { logical } = item;
    const argsIndex = readBuilderFlags(logical.text, logicalIndexOf(logical, item.keywordEnd), this.#escapeChar).argsIndex;
    const result = parseJsonArray(logical.text, Math.max(argsIndex, item.argsIndex));
    if (result.kind === 'not-strings') {
      this.#problem(item.start, item.end, `${item.keyword} in JSON form must be an array of strings`);
    } else if (item.keyword === 'SHELL' && (result.kind === 'not-json' || result.strings.length === 0)) {
      this.#problem(item.start, item.end, 'SHELL requires a JSON array of strings, e.g. SHELL ["/bin/bash", "-c"]');
    }
    return result;
  }

  #from(
    base: Omit<FromInstruction, 'keyword' | 'image' | 'imageRange' | 'stageName' | 'stageNameRange' | 'platform'>,
    globalArgValues: ReadonlyMap<string, string | null>,
    namedStages: ReadonlyMap<string, StageContext>,
  ): FromInstruction {
    const [imageWord, asWord, nameWord] = base.args;
    const wellFormed =
      base.args.length === 1 || (base.args.length === 3 && asWord?.value.toLowerCase() === 'as');
    const rangeStart = this.#source.offsetAt(base.range.start);
    const rangeEnd = this.#source.offsetAt(base.range.end);
    if (!wellFormed) {
      this.#problem(rangeStart, rangeEnd, 'FROM requires either one or three arguments (FROM image [AS name])');
    }

    const substituted = substituteArgs(imageWord?.raw ?? '', globalArgValues);
    const parsed = parseImageRef(unquote(substituted.text, this.#escapeChar));
    // A FROM BuildKit refuses (no image, two words, …) names nothing rules could judge.
    const image: ImageRef = wellFormed ? parsed : { ...parsed, dynamic: true };
    const imageRange = imageWord?.range ?? base.keywordRange;
    const isStageReference = namedStages.has(image.text.toLowerCase());
    const imageError = isStageReference ? null : imageRefError(image);
    if (imageError !== null && imageWord !== undefined && wellFormed) {
      this.#problem(this.#source.offsetAt(imageRange.start), this.#source.offsetAt(imageRange.end), imageError);
    }

    const stageNameWord = wellFormed && nameWord !== undefined ? nameWord : null;
    const stageName = stageNameWord?.value.toLowerCase() ?? null;
    if (stageNameWord !== null && stageName !== null) {
      const nameStart = this.#source.offsetAt(stageNameWord.range.start);
      const nameEnd = this.#source.offsetAt(stageNameWord.range.end);
      // A duplicate name builds (BuildKit only warns); `stage-layout` reports it.
      if (!STAGE_NAME.test(stageName)) {
        const written = JSON.stringify(stageNameWord.value);
        this.#problem(nameStart, nameEnd, `invalid stage name ${written}: use letters, digits, '-', '_' and '.', starting with a letter`);
      }
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

  #shellIsPosix(item: ScannedInstruction): boolean {
    const json = parseJsonArray(item.logical.text, item.argsIndex);
    const program = json.kind === 'strings' ? json.strings[0]?.value : undefined;
    return program !== undefined && SHELLS.has(basename(program));
  }

  #copy(
    base: Omit<CopyInstruction, 'sources' | 'destination' | 'from' | 'heredocs'>,
    item: ScannedInstruction,
    json: JsonArrayResult,
    heredocs: Heredoc[],
  ): CopyInstruction {
    const { keyword } = base;
    const logicalWords = json.kind === 'strings' ? null : splitWhitespace(item.logical.text, item.argsIndex);
    const words =
      logicalWords === null
        ? base.args
        : logicalWords.filter((word) => !isHeredocWord(item, word)).map((word) => this.#word(item.logical, word));
    // BuildKit counts heredoc operators as arguments, and refuses one as the destination.
    const count = logicalWords?.length ?? base.args.length;
    const last = base.args.at(-1);
    const lastWord = logicalWords?.at(-1);
    const destinationIsHeredoc =
      lastWord === undefined
        ? last !== undefined && findHeredocOperators([{ raw: last.value, start: 0, end: 0 }], this.#escapeChar).length > 0
        : item.heredocs.some(({ operator }) => !operator.spaced && lastWord.start >= operator.start && lastWord.start < operator.end);
    let destination: Word | null = null;
    let sources = words;
    if (count < 2) {
      this.#problem(item.start, item.end, `${keyword} requires at least two arguments: source(s) and a destination`);
    } else if (destinationIsHeredoc && last !== undefined) {
      this.#problem(
        this.#source.offsetAt(last.range.start),
        this.#source.offsetAt(last.range.end),
        `${keyword} cannot take a heredoc as its destination: write the destination path last (${keyword} <<EOF /path)`,
      );
    } else {
      sources = words.slice(0, -1);
      destination = words.at(-1) ?? null;
    }
    // `--from=` with no value, like no `--from`, is the build context.
    const from = base.flags.find((flag) => flag.name === 'from')?.value;
    return { ...base, sources, destination, from: from === undefined || from === '' ? null : from, heredocs };
  }

  /** The library's pairs, without the flags it takes for pairs (`ARG --x=1 NAME`: BuildKit ignores `--x=1`). */
  #properties(ast: PropertyInstruction, item: ScannedInstruction): KeyValue[] {
    const { logical } = item;
    const argsStart = fileOffsetOf(logical, readBuilderFlags(logical.text, logicalIndexOf(logical, item.keywordEnd), this.#escapeChar).argsIndex);
    const properties = ast.getProperties().filter((property) => this.#offset(property.getRange().start) >= argsStart);
    return properties.map((property) => {
      const nameRange = property.getNameRange();
      return {
        name: property.getName(),
        value: property.getValue(),
        range: this.#range(property.getRange()),
        nameRange: this.#range(nameRange),
      };
    });
  }

  // ─── Commands and the shell ────────────────────────────────────────────────

  #commandLine(item: ScannedInstruction, json: JsonArrayResult, stage: StageContext | null): CommandLine {
    const { logical, argsIndex } = item;
    if (json.kind === 'strings') {
      const exec = json.strings.map((string) => string.value);
      return { exec, shell: this.#execShell(item, json.strings), text: logical.text.slice(argsIndex).trim() };
    }
    const canParse = this.#parseShell !== null && this.#escapeChar !== '`' && (stage?.posixShell ?? true);
    const argsStart = fileOffsetOf(logical, argsIndex);
    const commandText = logical.text.slice(argsIndex).trimEnd();
    if (item.heredocs.length === 0) {
      return {
        exec: null,
        shell: canParse ? this.#runShell(item, this.#shellText(item, argsStart, item.end), argsStart) : null,
        text: commandText,
      };
    }

    const commandWords = splitShellWords(logical.text, argsIndex, this.#escapeChar).filter(
      (word) => !isHeredocWord(item, word),
    );
    const [onlyBody] = item.heredocs;
    if (commandWords.length === 0 && item.heredocs.length === 1 && onlyBody !== undefined) {
      // `RUN <<EOF`: Docker runs the body as the script (or with its `#!` interpreter).
      const body = this.#text.slice(onlyBody.contentStart, onlyBody.contentEnd);
      const { contentStart, contentEnd } = onlyBody;
      const isShell = canParse && shebangIsPosix(body);
      return {
        exec: null,
        shell: isShell ? this.#runShell(item, this.#shellText(item, contentStart, contentEnd), contentStart) : null,
        text: body,
      };
    }

    const heredocPart = this.#text.slice(logical.end, item.end).replace(/\r\n/g, '\n');
    const text = commandText + heredocPart;
    if (!canParse) return { exec: null, shell: null, text };
    let shell = this.#runShell(item, this.#shellText(item, argsStart, item.end), argsStart);
    const fed = feedsShellFromHeredoc(commandWords.map((word) => unquote(word.raw, this.#escapeChar)))
      ? item.heredocs.find((body) => body.operator.descriptor === '' || body.operator.descriptor === '0')
      : undefined;
    // `RUN bash <<EOF`: the body is a script too. The shell parser reads it as one with the command line,
    // except where tree-sitter misreads the line (`<<-EOT bash`, operator first): only then on its own.
    if (fed !== undefined && !this.#parsedAsScript(shell, fed)) {
      shell = mergeScripts(shell, this.#runShell(item, this.#shellText(item, fed.contentStart, fed.contentEnd), fed.contentStart));
    }
    return { exec: null, shell, text };
  }

  /** Did the parse of a command line take this heredoc body for the script of the shell it feeds? */
  #parsedAsScript(shell: ShellScript, body: HeredocBody): boolean {
    return shell.commands.some((command) => {
      const start = this.#source.offsetAt(command.range.start);
      return command.wrappers.at(-1) === SHELL_HEREDOC_WRAPPER && start >= body.contentStart && start < body.contentEnd;
    });
  }

  /** Exec form `["sh", "-c", "script"]`: the script string is parsed at its place in the JSON text. */
  #execShell(item: ScannedInstruction, strings: readonly JsonString[]): ShellScript | null {
    const scriptIndex = shellScriptIndex(strings.map((string) => string.value));
    const script = scriptIndex === null ? undefined : strings[scriptIndex];
    if (this.#parseShell === null || script === undefined) return null;
    // Exact when the literal has no escapes and no line continuation; otherwise positions are approximate.
    const baseOffset = fileOffsetOf(item.logical, script.start + 1);
    return this.#runShell(item, script.value, baseOffset);
  }

  #shellText(item: ScannedInstruction, from: number, to: number): string {
    return shellView(this.#text, from, to, item.logical.continuations);
  }

  #runShell(item: ScannedInstruction, text: string, baseOffset: number): ShellScript {
    const parse = this.#parseShell;
    if (parse === null) return { commands: [], assignments: [], errors: [], comments: [] };
    try {
      return parse(text, baseOffset, item.keyword === 'RUN');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const location = this.#source.location(baseOffset, baseOffset + text.length);
      return { commands: [], assignments: [], errors: [{ location, message: `shell parser failed: ${message}` }], comments: [] };
    }
  }

  // ─── Pieces ────────────────────────────────────────────────────────────────

  #word(logical: LogicalLine, word: LogicalWord): Word {
    const range = this.#logicalRange(logical, word.start, word.end);
    return { raw: word.raw, value: unquote(word.raw, this.#escapeChar), range };
  }

  #jsonWord(logical: LogicalLine, string: JsonString): Word {
    return { raw: string.raw, value: string.value, range: this.#logicalRange(logical, string.start, string.end) };
  }

  #logicalRange(logical: LogicalLine, start: number, end: number): Range {
    const startOffset = fileOffsetOf(logical, start);
    const endOffset = end > start ? fileOffsetOf(logical, end - 1) + 1 : startOffset;
    return this.#source.range(startOffset, endOffset);
  }

  #heredoc(body: HeredocBody): Heredoc {
    return {
      name: body.operator.name,
      content: this.#text.slice(body.contentStart, body.contentEnd),
      contentRange: this.#source.range(body.contentStart, body.contentEnd),
    };
  }

  #flag(flag: ReturnType<ModifiableInstruction['getFlags']>[number]): Flag {
    const name = flag.getName();
    const written = flag.getValue();
    const value = written === null ? null : unquote(written, this.#escapeChar);
    const options: Record<string, string> = {};
    if (name === 'mount') Object.assign(options, mountOptions(value ?? ''));
    else for (const option of flag.getOptions()) options[option.getName()] = option.getValue() ?? '';
    return { name, value, range: this.#range(flag.getRange()), options };
  }

  #readComments(scanned: readonly ScannedInstruction[]): Comment[] {
    const bodies: OffsetSpan[] = [];
    for (const item of scanned) {
      const first = item.heredocs[0];
      if (first !== undefined) bodies.push({ start: first.contentStart, end: item.end });
    }
    const comments: Comment[] = [];
    let bodyIndex = 0;
    let lineStart = 0;
    while (lineStart <= this.#text.length) {
      const newline = this.#text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? this.#text.length : newline;
      while ((bodies[bodyIndex]?.end ?? Infinity) < lineStart) bodyIndex++;
      const body = bodies[bodyIndex];
      const inBody = body !== undefined && lineStart >= body.start && lineStart <= body.end;
      if (!inBody) {
        const contentEnd = lineEnd > lineStart && this.#text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
        let hash = lineStart === 0 ? this.#bomLength : lineStart;
        while (hash < contentEnd && /[ \t\v\f]/.test(this.#text.charAt(hash))) hash++;
        if (hash < contentEnd && this.#text.charAt(hash) === '#') {
          comments.push({
            line: this.#source.positionAt(hash).line,
            text: this.#text.slice(hash + 1, contentEnd),
            range: this.#source.range(hash, contentEnd),
          });
        }
      }
      if (newline === -1) break;
      lineStart = newline + 1;
    }
    return comments;
  }

  /** Library position (0-based, on the BOM-less text) → offset in the original text. */
  #offset(position: { line: number; character: number }): number {
    const offset = this.#source.offsetAt({ line: position.line + 1, column: position.character + 1 });
    return position.line === 0 ? Math.min(offset + this.#bomLength, this.#text.length) : offset;
  }

  #range(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
    return this.#source.range(this.#offset(range.start), this.#offset(range.end));
  }

  #problem(start: number, end: number, message: string): void {
    this.#problems.push({ offset: start, problem: { location: this.#source.location(start, end), message } });
  }
}

// ─── Helpers ─────────────────────────────────────────────────────────────────

/** Is the word (part of) a heredoc operator such as `<<EOF` or `<< 'EOF'`? */
function isHeredocWord(item: InstructionOutline, word: LogicalWord): boolean {
  return item.heredocs.some(({ operator }) => word.start >= operator.start && word.start < operator.end);
}

/** An instruction whose text after keyword and flags is blanked for the library before parsing again. */
interface Repair {
  start: number;
  from: number;
  to: number;
}

/**
 * Blanks comment lines, except the parser directives at the top, in the library's copy of the text: we
 * read comments ourselves, the library skips blank and comment lines alike inside continuations, and its
 * assignment of comments to stages costs comments × stages (44 KB of FROM/comment pairs took 1.2 s).
 */
function hideComments(text: string, directivesEnd: number): string {
  const rest = text.slice(directivesEnd).replace(/^[ \t\v\f]*#[^\n]*/gm, (line) => ' '.repeat(line.length));
  return text.slice(0, directivesEnd) + rest;
}

/** Length of the parser directive lines (`# syntax=…`, `# escape=…`) that open the file. */
function leadingDirectivesLength(text: string): number {
  return /^(?:[ \t]*#[ \t]*[A-Za-z][A-Za-z0-9]*[ \t]*=[^\n]*(?:\n|$))*/.exec(text)?.[0].length ?? 0;
}

/** Parser directives Docker knows; an unknown one ends the directives, and the lines after it are comments. */
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/**
 * What Docker refuses in the directive lines: an escape char other than `\\` or a backtick (which would
 * otherwise go unnoticed, as the library then keeps `\\`), and a directive given twice. A directive with an
 * empty value is no directive to Docker but a comment, which ends the directives.
 */
function directiveProblems(directives: string): { offset: number; length: number; message: string }[] {
  const problems: { offset: number; length: number; message: string }[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const line of directives.split('\n')) {
    const match = /^[ \t]*#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$/.exec(line);
    const name = match?.[1]?.toLowerCase();
    if (match === null || name === undefined || !KNOWN_DIRECTIVES.has(name)) break;
    const value = match[2] ?? '';
    const length = line.replace(/\r$/, '').length;
    if (seen.has(name)) problems.push({ offset, length, message: `only one ${name} parser directive can be used` });
    else if (name === 'escape' && value !== '\\' && value !== '`') {
      problems.push({ offset, length, message: `invalid escape directive '${shorten(value, 20)}': Docker accepts only \` or \\` });
    }
    seen.add(name);
    offset += line.length + 1;
  }
  return problems;
}

/** Replaces `[from, to)` by spaces, keeping line breaks so that positions do not move. */
function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
}

/** Start of the first line after `offset`'s line that is neither blank nor a comment (where Docker reads on). */
function nextContentLine(text: string, offset: number): number {
  let lineStart = text.indexOf('\n', offset);
  if (lineStart === -1) return text.length;
  lineStart++;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, newline === -1 ? text.length : newline).trim();
    if (line !== '' && !line.startsWith('#')) return lineStart;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return text.length;
}


/** `bash`, `sh -e`, `/bin/bash -o pipefail`: a shell reading its script from standard input. */
function feedsShellFromHeredoc(words: readonly string[]): boolean {
  const [program, ...options] = words;
  if (program === undefined || !SHELLS.has(basename(program))) return false;
  for (let index = 0; index < options.length; index++) {
    const option = options[index] ?? '';
    if (option === '-o' || option === '+o') index++;
    else if (!/^[-+][A-Za-z]+$/.test(option) || option.includes('c')) return false;
  }
  return true;
}

/** A heredoc script without `#!`, or with one naming a POSIX shell (directly or through `env`). */
function shebangIsPosix(body: string): boolean {
  if (!body.startsWith('#!')) return true;
  const line = body.slice(2, (body.indexOf('\n') + 1 || body.length + 1) - 1).trim();
  const [program, ...rest] = line.split(/\s+/);
  const viaEnv = program !== undefined && basename(program) === 'env';
  const interpreter = viaEnv ? rest.find((word) => !word.startsWith('-')) : program;
  return interpreter !== undefined && SHELLS.has(basename(interpreter));
}

/** A stage built on an earlier stage keeps its shell; otherwise the base image decides. */
function inheritedPosixShell(from: FromInstruction, namedStages: ReadonlyMap<string, StageContext>): boolean {
  return namedStages.get(from.image.text.toLowerCase())?.posixShell ?? !isWindowsImage(from.image);
}

/** Windows base images run RUN with cmd.exe unless SHELL says otherwise. */
function isWindowsImage(image: ImageRef): boolean {
  const windowsName = /(^|\/)(windows|windowsservercore|servercore|nanoserver)(\/|$)/;
  return windowsName.test(image.path) || /(^|-)(nanoserver|windowsservercore)(-|$)/.test(image.tag ?? '');
}

function mergeScripts(first: ShellScript, second: ShellScript): ShellScript {
  let nextPipeline = 0;
  for (const command of first.commands) nextPipeline = Math.max(nextPipeline, (command.pipeline?.id ?? -1) + 1);
  const renumbered = second.commands.map((command): ShellCommand => {
    if (command.pipeline === null) return command;
    return { ...command, pipeline: { ...command.pipeline, id: command.pipeline.id + nextPipeline } };
  });
  const byStart = (a: ShellCommand, b: ShellCommand): number =>
    a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
  return {
    commands: [...first.commands, ...renumbered].sort(byStart),
    assignments: [...first.assignments, ...second.assignments],
    errors: [...first.errors, ...second.errors],
    comments: [...first.comments, ...second.comments],
  };
}
