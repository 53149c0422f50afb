/**
 * Step 1 of reading a Dockerfile: where each instruction is. dockerfile-ast finds instructions and
 * keywords; continuations, flags, heredocs and comments are read here from the original text, because
 * the library gets those wrong in ways that matter: `<< EOF` bodies turned into instructions, flags read
 * past a lone `--`, comment lines kept in continuations, and a BOM shifting line 1.
 */
import { DockerfileParser, Instruction as AstInstructionClass, PropertyInstruction } from 'dockerfile-ast';
import type { Argument, Instruction as AstInstruction } from 'dockerfile-ast';
import { shorten } from '../../text.js';
import { readCheckOptions } from '../check-directive.js';
import { CURRENT_DOCKERFILE_DIALECT, dockerfileDialect } from '../docker-version.js';
import type { DockerfileDialect, Version } from '../docker-version.js';
import { mountOptions } from '../run-mount.js';
import type { Comment, SourceFile } from '../../source.js';
import type { Flag, ParseProblem } from '../model.js';
import { readBuilderFlags } from './arguments.js';
import type { BuilderFlags } from './arguments.js';
import {
  fileOffsetOf,
  findHeredocOperators,
  logicalIndexOf,
  readHeredocBodies,
  readLogicalLine,
  splitShellWords,
  splitWhitespace,
} from './text.js';
import type { HeredocBody, LogicalLine, OffsetSpan } from './text.js';

/** Re-parses allowed to repair instruction boundaries around heredocs the library misreads… */
const MAX_REPAIRS = 32;
/** …and the text they may parse in total, so a large file cannot take many seconds. */
const REPAIR_BUDGET_CHARS = 2 * 1024 * 1024;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** Parser directives Docker knows; an unknown one ends the directives, and the lines after it are comments. */
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** Problems found while reading one file, reported in file order whichever step found them. */
export class Problems {
  readonly #source: SourceFile;
  readonly #found: { offset: number; problem: ParseProblem }[] = [];

  constructor(source: SourceFile) {
    this.#source = source;
  }

  add(start: number, end: number, message: string): void {
    this.#found.push({ offset: start, problem: { location: this.#source.location(start, end), message } });
  }

  /** Adds a problem at a span of an instruction's logical line, or over the whole instruction. */
  addIn(instruction: ScannedInstruction, span: OffsetSpan | null, message: string): void {
    if (span === null) this.add(instruction.start, instruction.end, message);
    else this.add(fileOffsetOf(instruction.logical, span.start), fileOffsetOf(instruction.logical, span.end - 1) + 1, message);
  }

  sorted(): ParseProblem[] {
    return this.#found.sort((a, b) => a.offset - b.offset).map(({ problem }) => problem);
  }
}

/** One instruction as found, read once: every later step works from this and not from the library. */
export interface ScannedInstruction {
  /** Upper-cased as written; possibly not a keyword Docker knows. */
  keyword: string;
  start: number;
  end: number;
  keywordEnd: number;
  logical: LogicalLine;
  heredocs: HeredocBody[];
  /** Flags as BuildKit reads them (leading `--` words), and where the arguments start in `logical.text`. */
  builder: BuilderFlags;
  flags: Flag[];
  /** ARG/ENV/LABEL pairs as the library reads them (flags included; later steps drop those). */
  properties: ScannedProperty[] | null;
}

export interface ScannedProperty {
  name: string;
  value: string | null;
  start: number;
  end: number;
  nameEnd: number;
}

/** What the scan found: the file's instructions and comments, and how its directives ask to read it. */
export interface DockerfileScan {
  source: SourceFile;
  text: string;
  escapeChar: string;
  /** Does a `# syntax=` directive ask for the labs channel, which accepts more flags? */
  labs: boolean;
  /** What this file's frontend accepts where frontends differ: its `# syntax=` one, else the engine's. */
  dialect: DockerfileDialect;
  instructions: ScannedInstruction[];
  comments: Comment[];
  problems: Problems;
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

export function scanDockerfile(source: SourceFile, engine: Version | null): DockerfileScan {
  return new Scanner(source, engine).scan();
}

/** An instruction whose text after keyword and flags is blanked for the library before parsing again. */
interface Repair {
  start: number;
  from: number;
  to: number;
}

/** An instruction before its flags and pairs are read (which is slow on a huge instruction that needs a repair). */
interface Outline extends Omit<ScannedInstruction, 'builder' | 'flags' | 'properties'> {
  ast: AstInstruction;
}

class Scanner {
  readonly #source: SourceFile;
  readonly #text: string;
  readonly #engine: Version | null;
  /** Length of a leading BOM, stripped before the library sees the text. */
  readonly #bomLength: number;
  readonly #problems: Problems;
  #escapeChar = '\\';
  #labs = false;
  #dialect: DockerfileDialect = CURRENT_DOCKERFILE_DIALECT;

  constructor(source: SourceFile, engine: Version | null) {
    this.#source = source;
    this.#text = source.text;
    this.#engine = engine;
    this.#bomLength = this.#text.startsWith('\uFEFF') ? 1 : 0;
    this.#problems = new Problems(source);
  }

  scan(): DockerfileScan {
    const instructions = this.#scanInstructions();
    return {
      source: this.#source,
      text: this.#text,
      escapeChar: this.#escapeChar,
      labs: this.#labs,
      dialect: this.#dialect,
      instructions,
      comments: this.#readComments(instructions),
      problems: this.#problems,
    };
  }

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
    for (const { offset, length, message } of directiveProblems(withoutBom.slice(0, directivesEnd))) {
      this.#problems.add(bom + offset, bom + offset + length, message);
    }
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
          return { scanned, repair: repairOf(owner) };
        }
        continue;
      }
      // Swallowing is checked before flags are read: on a huge swallowing instruction they are slow.
      const outline = this.#outline(ast, start, nextStart);
      if (!lenient && libraryEnd > nextContentLine(this.#text, outline.end)) {
        return { scanned, repair: repairOf(outline) };
      }
      const item = this.#complete(outline);
      if (item.heredocs.length > 0) owner = item;
      scanned.push(item);
    }
    return { scanned, repair: null };
  }

  /** What we read ourselves: the logical line, heredocs, and so where the instruction ends. */
  #outline(ast: AstInstruction, start: number, nextStart: number): Outline {
    const keyword = ast.getKeyword();
    const keywordEnd = this.#offset(ast.getInstructionRange().end);
    const logical = readLogicalLine(this.#text, start, this.#escapeChar, nextStart);
    const keywordIndex = logicalIndexOf(logical, keywordEnd);
    // Flags are read as words too; none looks like a heredoc operator.
    const heredocs = acceptsHeredocs(keyword, logical, keywordIndex) ? this.#readHeredocs(logical, keywordIndex) : [];
    const end = heredocs.at(-1)?.end ?? logical.end;
    return { ast, keyword, start, end, keywordEnd, logical, heredocs };
  }

  /** Flags and pairs, read once; the library's objects are not kept. */
  #complete({ ast, ...outline }: Outline): ScannedInstruction {
    const { logical } = outline;
    const builder = readBuilderFlags(logical.text, logicalIndexOf(logical, outline.keywordEnd), this.#escapeChar);
    const flags = builder.flags
      .filter((flag) => flag.name !== '')
      .map(({ name, value, span }): Flag => {
        const start = fileOffsetOf(logical, span.start);
        const end = fileOffsetOf(logical, span.end - 1) + 1;
        return { name, value, range: this.#source.range(start, end), options: name === 'mount' ? mountOptions(value ?? '') : {} };
      });
    return { ...outline, builder, flags, properties: this.#properties(ast) };
  }

  #properties(ast: AstInstruction): ScannedProperty[] | null {
    if (!(ast instanceof PropertyInstruction)) return null;
    return ast.getProperties().map((property) => ({
      name: property.getName(),
      value: property.getValue(),
      start: this.#offset(property.getRange().start),
      end: this.#offset(property.getRange().end),
      nameEnd: this.#offset(property.getNameRange().end),
    }));
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

  #readComments(scanned: readonly ScannedInstruction[]): Comment[] {
    const bodies: OffsetSpan[] = [];
    for (const item of scanned) {
      const first = item.heredocs[0];
      if (first !== undefined) bodies.push({ start: first.contentStart, end: item.end });
    }
    const text = this.#text;
    const comments: Comment[] = [];
    let bodyIndex = 0;
    let lineStart = 0;
    while (lineStart <= text.length) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? text.length : newline;
      while ((bodies[bodyIndex]?.end ?? Infinity) < lineStart) bodyIndex++;
      const body = bodies[bodyIndex];
      const inBody = body !== undefined && lineStart >= body.start && lineStart <= body.end;
      if (!inBody) {
        const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
        let hash = lineStart === 0 ? this.#bomLength : lineStart;
        while (hash < contentEnd && /[ \t\v\f]/.test(text.charAt(hash))) hash++;
        if (hash < contentEnd && text.charAt(hash) === '#') {
          comments.push({
            line: this.#source.positionAt(hash).line,
            text: text.slice(hash + 1, contentEnd),
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
}

/** Blanks the arguments after the flags, found as BuildKit does: leading words that start with `--`. */
function repairOf(outline: Omit<Outline, 'ast'>): Repair {
  const { logical } = outline;
  const words = splitWhitespace(logical.text, logicalIndexOf(logical, outline.keywordEnd));
  let from = outline.keywordEnd;
  for (const word of words) {
    if (!word.raw.startsWith('--')) break;
    from = fileOffsetOf(logical, word.end - 1) + 1;
  }
  return { start: outline.start, from, to: outline.end };
}

function acceptsHeredocs(keyword: string, logical: LogicalLine, keywordIndex: number): boolean {
  if (HEREDOC_KEYWORDS.has(keyword)) return true;
  if (keyword !== 'ONBUILD') return false;
  // `ONBUILD RUN <<EOF` takes heredocs too.
  const trigger = /^\s*(\S+)/.exec(logical.text.slice(keywordIndex, keywordIndex + 64))?.[1]?.toUpperCase();
  return trigger !== undefined && HEREDOC_KEYWORDS.has(trigger);
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
    const check = name === 'check' ? readCheckOptions(value) : null;
    if (check !== null && 'problem' in check) {
      problems.push({ offset, length, message: `invalid check directive '${shorten(value, 40)}': ${check.problem}; BuildKit refuses to build. Write \`check=skip=Name,…;error=true\`` });
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
