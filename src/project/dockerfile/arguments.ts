/**
 * The argument-level errors BuildKit raises when it parses an instruction (its parser and its
 * instruction parser, not its build checks, which only warn): flags an instruction does not accept or
 * gives a malformed value, missing arguments, malformed ENV/LABEL/ARG pairs, HEALTHCHECK forms and
 * ONBUILD triggers. Positions are indices into the instruction's logical line (see text.ts).
 */
import { closest, shortWordTypos } from '../../text.js';
import { parseJsonArray, skipBlanks, splitShellWords, splitWhitespace, unquote } from './text.js';
import type { LogicalWord, OffsetSpan } from './text.js';
import { mountProblem } from '../run-mount.js';

export interface ArgumentProblem {
  /** The offending word or flag, as indices into the logical line; `null` for the whole instruction. */
  span: OffsetSpan | null;
  message: string;
}

export interface ArgumentCheckOptions {
  escapeChar: string;
  /** Does the file ask for the labs Dockerfile syntax (`# syntax=docker/dockerfile:1-labs`)? */
  labs: boolean;
}

/** A flag as BuildKit reads it: a leading word starting with `--`. */
export interface BuilderFlag {
  name: string;
  /** Text after `=` (unquoted), or `null` when there is no `=`. */
  value: string | null;
  span: OffsetSpan;
}

type FlagKind = 'bool' | 'string' | 'strings';

interface FlagSpec {
  kind: FlagKind;
  /** Only the labs channel accepts it. */
  labs?: true;
  /** Why the value is refused, or `null`. */
  check?: (name: string, value: string) => string | null;
}

const duration: FlagSpec = { kind: 'string', check: durationProblem };

/**
 * The flags each instruction accepts in current BuildKit (stable channel; the labs channel adds what is
 * marked). An instruction not listed accepts none. `--exclude` is stable since Dockerfile 1.19, `--parents`
 * and `--security` since 1.20, `ADD --unpack` since 1.17; older frontends refuse them.
 */
const ACCEPTED_FLAGS: Readonly<Record<string, Readonly<Record<string, FlagSpec>>>> = {
  ADD: {
    chown: { kind: 'string' },
    chmod: { kind: 'string' },
    link: { kind: 'bool' },
    'keep-git-dir': { kind: 'bool' },
    checksum: { kind: 'string' },
    exclude: { kind: 'strings' },
    unpack: { kind: 'bool' },
  },
  COPY: {
    chown: { kind: 'string' },
    chmod: { kind: 'string' },
    from: { kind: 'string' },
    link: { kind: 'bool' },
    exclude: { kind: 'strings' },
    parents: { kind: 'bool' },
  },
  FROM: { platform: { kind: 'string' } },
  RUN: {
    mount: { kind: 'strings', check: (_name, value) => mountProblem(value) },
    network: { kind: 'string', check: oneOf(['default', 'none', 'host']) },
    security: { kind: 'string', check: oneOf(['sandbox', 'insecure']) },
    device: { kind: 'strings', labs: true },
  },
  HEALTHCHECK: {
    interval: duration,
    timeout: duration,
    'start-period': duration,
    'start-interval': duration,
    retries: { kind: 'string', check: retriesProblem },
  },
};

/** BuildKit strips their flags from the arguments but never looks at them. */
const FLAGS_IGNORED = new Set(['ARG', 'STOPSIGNAL']);

/**
 * Instructions BuildKit refuses without arguments, with the form to show. Those read as one string
 * (WORKDIR, USER, STOPSIGNAL, MAINTAINER) take the rest of the line as their one argument, so
 * `USER a b` is the user "a b" and only an empty one is refused.
 */
const REQUIRED_ARGUMENTS: Readonly<Record<string, { count: 'exactly one' | 'at least one'; form: string }>> = {
  ARG: { count: 'at least one', form: 'ARG NAME[=default]' },
  ENV: { count: 'at least one', form: 'ENV NAME=value' },
  LABEL: { count: 'at least one', form: 'LABEL key=value' },
  EXPOSE: { count: 'at least one', form: 'EXPOSE port[/protocol]' },
  VOLUME: { count: 'at least one', form: 'VOLUME /path' },
  ONBUILD: { count: 'at least one', form: 'ONBUILD INSTRUCTION arguments' },
  HEALTHCHECK: { count: 'at least one', form: 'HEALTHCHECK [options] CMD command, or HEALTHCHECK NONE' },
  WORKDIR: { count: 'exactly one', form: 'WORKDIR /path' },
  USER: { count: 'exactly one', form: 'USER name[:group]' },
  STOPSIGNAL: { count: 'exactly one', form: 'STOPSIGNAL signal' },
  MAINTAINER: { count: 'exactly one', form: 'MAINTAINER name' },
};

/** Instructions read as a JSON array when they look like one (BuildKit's parseMaybeJSON[ToList]). */
export const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const ONBUILD_FORBIDDEN_TRIGGERS = new Set(['FROM', 'MAINTAINER']);
const WHITESPACE_WORD = /\S+/;

/**
 * Reads the flags at `from` as BuildKit does: leading words that start with `--`, quotes respected; a
 * lone `--` ends them and is dropped. Returns them and the index where the arguments start.
 */
export function readBuilderFlags(text: string, from: number, escapeChar: string): BuilderFlags {
  const flags: BuilderFlag[] = [];
  for (const word of splitShellWords(text, from, escapeChar)) {
    if (!word.raw.startsWith('--')) return { flags, argsIndex: word.start };
    if (word.raw === '--') return { flags, argsIndex: skipBlanks(text, word.end) };
    const written = unquote(word.raw, escapeChar).slice(2);
    const equals = written.indexOf('=');
    flags.push({
      name: equals === -1 ? written : written.slice(0, equals),
      value: equals === -1 ? null : written.slice(equals + 1),
      span: { start: word.start, end: word.end },
    });
  }
  return { flags, argsIndex: text.length };
}

/** What `readBuilderFlags` read: the flags, and the index where the arguments start. */
export interface BuilderFlags {
  flags: BuilderFlag[];
  argsIndex: number;
}

/** The argument-level problems of one instruction (keyword upper-cased), given its flags as read. */
export function checkArguments(keyword: string, text: string, { flags, argsIndex }: BuilderFlags, options: ArgumentCheckOptions): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const rest = text.slice(argsIndex).trim();
  const healthcheckNone = keyword === 'HEALTHCHECK' && firstWord(text, argsIndex)?.raw.toUpperCase() === 'NONE';
  if (!FLAGS_IGNORED.has(keyword) && !healthcheckNone) problems.push(...flagProblems(keyword, flags, options.labs));

  const required = REQUIRED_ARGUMENTS[keyword];
  const json = keyword === 'VOLUME' ? parseJsonArray(text, argsIndex) : null;
  const empty = rest === '' || (json?.kind === 'strings' && json.strings.length === 0);
  if (required !== undefined && empty) {
    problems.push({ span: null, message: `${keyword} requires ${required.count} argument (${required.form})` });
    return problems;
  }

  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      problems.push(...nameValueProblems(keyword, text, argsIndex, options.escapeChar));
      break;
    case 'ARG':
      for (const word of splitShellWords(text, argsIndex, options.escapeChar)) {
        if (word.raw.startsWith('=')) problems.push(blankName('ARG', word));
      }
      break;
    case 'VOLUME':
      for (const string of json?.kind === 'strings' ? json.strings : []) {
        if (string.value.trim() === '') {
          problems.push({ span: string, message: 'VOLUME paths can not be empty (VOLUME ["/path"])' });
        }
      }
      break;
    case 'HEALTHCHECK':
      problems.push(...healthcheckProblems(text, argsIndex));
      break;
    case 'ONBUILD':
      problems.push(...triggerProblems(text, argsIndex, options.escapeChar));
      break;
    case 'STOPSIGNAL':
      problems.push(...stopSignalProblems(text, argsIndex, options.escapeChar));
      break;
    case 'EXPOSE':
      for (const word of splitShellWords(text, argsIndex, options.escapeChar)) {
        const port = unquote(word.raw, options.escapeChar);
        if (port.includes('$') || isPortSpec(port)) continue;
        problems.push({ span: word, message: `EXPOSE ${JSON.stringify(port)} is not a port: write a port or range such as 8080 or 8000-8010, with /tcp, /udp or /sctp` });
      }
      break;
  }
  return problems;
}

// ─── Flags ───────────────────────────────────────────────────────────────────

function flagProblems(keyword: string, flags: readonly BuilderFlag[], labs: boolean): ArgumentProblem[] {
  const accepted = ACCEPTED_FLAGS[keyword] ?? {};
  const problems: ArgumentProblem[] = [];
  const seen = new Set<string>();
  for (const flag of flags) {
    const spec = Object.hasOwn(accepted, flag.name) ? accepted[flag.name] : undefined;
    const problem =
      spec === undefined || (spec.labs === true && !labs)
        ? unknownFlag(keyword, flag.name, spec !== undefined, accepted, labs)
        : seen.has(flag.name) && spec.kind !== 'strings'
          ? `duplicate flag --${flag.name}: ${keyword} takes it once`
          : flagValueProblem(flag, spec);
    seen.add(flag.name);
    if (problem !== null) problems.push({ span: flag.span, message: problem });
  }
  return problems;
}

function unknownFlag(
  keyword: string,
  name: string,
  labsOnly: boolean,
  accepted: Readonly<Record<string, FlagSpec>>,
  labs: boolean,
): string {
  if (labsOnly) {
    return `unknown flag --${name}: ${keyword} --${name} needs the labs Dockerfile syntax (# syntax=docker/dockerfile:1-labs)`;
  }
  const names = Object.keys(accepted)
    .filter((candidate) => labs || accepted[candidate]?.labs !== true)
    .sort();
  if (names.length === 0) return `unknown flag --${name}: ${keyword} takes no flags`;
  const suggestion = closest(name, names, shortWordTypos(name));
  const hint = suggestion === null ? '' : `did you mean --${suggestion}? `;
  return `unknown flag --${name}: ${hint}${keyword} accepts ${names.map((candidate) => `--${candidate}`).join(', ')}`;
}

function flagValueProblem(flag: BuilderFlag, spec: FlagSpec): string | null {
  const { name, value } = flag;
  if (spec.kind === 'bool') {
    if (value === null || value.toLowerCase() === 'true' || value.toLowerCase() === 'false') return null;
    const found = value === '' ? '' : `, not ${JSON.stringify(value)}`;
    return `flag --${name} expects true or false after "="${found} (write --${name} or --${name}=false)`;
  }
  if (value === null) return `flag --${name} requires a value (--${name}=<value>)`;
  return spec.check?.(name, value) ?? null;
}

function oneOf(allowed: readonly string[]): (name: string, value: string) => string | null {
  return (name, value) => {
    if (allowed.includes(value)) return null;
    const choices = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1) ?? ''}`;
    return `--${name} must be ${choices}, not ${JSON.stringify(value)}`;
  };
}

const NANOSECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  '\u00b5s': 1e3,
  '\u03bcs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
/** Go's units: `µs` is written with the micro sign or the Greek mu. */
const DURATION_PART = /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** Go's `time.ParseDuration`, in nanoseconds, or `null` when it refuses the text. */
export function parseGoDuration(text: string): number | null {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  if (body === '0') return 0;
  if (body === '') return null;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < body.length) {
    const match = DURATION_PART.exec(body);
    if (match === null) return null;
    total += Number(match[1]) * (NANOSECONDS_PER_UNIT[match[2] ?? ''] ?? 0);
  }
  return sign * total;
}

/** An empty value leaves the default; 0 too; otherwise at least 1ms (negative durations included). */
function durationProblem(name: string, value: string): string | null {
  if (value === '') return null;
  const nanoseconds = parseGoDuration(value);
  if (nanoseconds === null) return `--${name} expects a duration such as 30s or 1m30s, not ${JSON.stringify(value)}`;
  if (nanoseconds !== 0 && nanoseconds < 1e6) return `--${name} must be 0 or at least 1ms, not ${JSON.stringify(value)}`;
  return null;
}

function retriesProblem(name: string, value: string): string | null {
  if (value === '') return null;
  const int32 = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(int32) || int32 > 2 ** 31 - 1 || int32 < -(2 ** 31)) {
    return `--${name} expects a whole number, not ${JSON.stringify(value)}`;
  }
  return int32 < 0 ? `--${name} must be 0 or more, not ${value}` : null;
}

// ─── Arguments ───────────────────────────────────────────────────────────────

/**
 * ENV and LABEL: `NAME value` (the old form, when the first word has no `=`) or `NAME=value …`, every
 * word then holding a `=` after a non-empty name. Words are split as BuildKit does, outside quotes.
 */
function nameValueProblems(keyword: string, text: string, argsIndex: number, escapeChar: string): ArgumentProblem[] {
  const words = splitShellWords(text, argsIndex, escapeChar);
  const [first] = words;
  if (first === undefined) return [];
  if (!first.raw.includes('=')) {
    if (splitWhitespace(text, argsIndex).length >= 2) return [];
    return [{ span: first, message: `${keyword} ${first.raw} has no value (${keyword} ${first.raw}=value)` }];
  }
  return words.flatMap((word): ArgumentProblem[] => {
    if (word.raw.startsWith('=')) return [blankName(keyword, word)];
    if (word.raw.includes('=')) return [];
    return [{ span: word, message: `${keyword} expects NAME=value pairs, and ${JSON.stringify(word.raw)} has no "=": write ${word.raw}=value, or quote a value that holds spaces (NAME="a b")` }];
  });
}

function blankName(keyword: string, word: LogicalWord): ArgumentProblem {
  return { span: word, message: `${keyword} name missing before "=" in ${word.raw} (NAME=value)` };
}

/** A port range as `[start, end]`, or `null`: 16-bit numbers, the end not below the start. */
function portRange(text: string): [number, number] | null {
  const bounds = text.split('-');
  if (bounds.length > 2 || !bounds.every((bound) => /^\d+$/.test(bound) && Number(bound) <= 65535)) return null;
  const start = Number(bounds[0]);
  const end = Number(bounds.at(-1));
  return end < start ? null : [start, end];
}

/**
 * `[ip:][host:]port[-end][/proto]` as BuildKit reads an EXPOSE word when it builds the stage: a protocol
 * of tcp, udp or sctp (any case); a host port (may be empty) whose range is as long as the port range,
 * or any with a single port.
 * The address is not judged.
 */
function isPortSpec(spec: string): boolean {
  const parts = spec.split(':');
  const [container = '', protocol = 'tcp'] = (parts.at(-1) ?? '').split(/\/(.*)/s);
  if (!['tcp', 'udp', 'sctp'].includes((protocol === '' ? 'tcp' : protocol).toLowerCase())) return false;
  const ports = portRange(container);
  if (ports === null) return false;
  const hostPart = parts.length === 1 ? '' : (parts.at(-2) ?? '');
  if (hostPart === '') return true;
  const host = portRange(hostPart);
  return host !== null && (ports[0] === ports[1] || host[1] - host[0] === ports[1] - ports[0]);
}

/** The signal names Linux knows, as `signal.ParseSignal` looks them up (upper case, `SIG` dropped). */
const SIGNAL_NAMES = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR',
  'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH',
  'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, index) => `RTMIN+${index + 1}`),
  ...Array.from({ length: 14 }, (_, index) => `RTMAX-${index + 1}`),
]);

/**
 * STOPSIGNAL takes the rest of the line as one signal: a non-zero number or a name with or without
 * `SIG`. BuildKit refuses anything else when it builds the stage; a variable is expanded first.
 */
function stopSignalProblems(text: string, argsIndex: number, escapeChar: string): ArgumentProblem[] {
  const span = { start: argsIndex, end: text.trimEnd().length };
  const signal = unquote(text.slice(span.start, span.end), escapeChar);
  if (signal.includes('$')) return [];
  const number = /^[+-]?\d+$/.test(signal) ? Number(signal) : null;
  const known = number === null ? SIGNAL_NAMES.has(signal.toUpperCase().replace(/^SIG/, '')) : number !== 0;
  if (known) return [];
  return [{ span, message: `STOPSIGNAL ${JSON.stringify(signal)} is not a signal: write a name such as SIGTERM, or a number` }];
}

/** HEALTHCHECK NONE takes nothing more; HEALTHCHECK CMD needs a command; there is no other type. */
function healthcheckProblems(text: string, argsIndex: number): ArgumentProblem[] {
  const type = firstWord(text, argsIndex);
  if (type === undefined) return [];
  const commandIndex = skipBlanks(text, type.end);
  const command = { start: commandIndex, end: text.trimEnd().length };
  switch (type.raw.toUpperCase()) {
    case 'NONE':
      return command.end > command.start ? [{ span: command, message: 'HEALTHCHECK NONE takes no arguments' }] : [];
    case 'CMD': {
      const json = parseJsonArray(text, commandIndex);
      if (json.kind === 'not-strings') return [{ span: command, message: 'HEALTHCHECK CMD in JSON form must be an array of strings' }];
      const missing = command.end <= command.start || (json.kind === 'strings' && json.strings.length === 0);
      return missing ? [{ span: type, message: 'HEALTHCHECK CMD requires a command (HEALTHCHECK CMD command)' }] : [];
    }
    default:
      return [{ span: type, message: `unknown HEALTHCHECK type ${JSON.stringify(type.raw)}: use CMD or NONE` }];
  }
}

/**
 * ONBUILD's trigger: not ONBUILD, FROM or MAINTAINER. BuildKit parses the trigger's line now, so the
 * errors of that parse (ENV/LABEL pairs, JSON arrays of non-strings) count now; the rest of its checks
 * run only in the image built FROM this one.
 */
function triggerProblems(text: string, argsIndex: number, escapeChar: string): ArgumentProblem[] {
  const trigger = firstWord(text, argsIndex);
  if (trigger === undefined) return [];
  const keyword = trigger.raw.toUpperCase();
  if (keyword === 'ONBUILD') {
    return [{ span: trigger, message: 'ONBUILD ONBUILD is not allowed: ONBUILD triggers cannot be chained' }];
  }
  if (ONBUILD_FORBIDDEN_TRIGGERS.has(keyword)) {
    return [{ span: trigger, message: `${keyword} is not allowed as an ONBUILD trigger` }];
  }
  const triggerArgs = readBuilderFlags(text, trigger.end, escapeChar).argsIndex;
  if (keyword === 'ENV' || keyword === 'LABEL') return nameValueProblems(keyword, text, triggerArgs, escapeChar);
  if (JSON_FORM.has(keyword) && parseJsonArray(text, triggerArgs).kind === 'not-strings') {
    return [{ span: { start: triggerArgs, end: text.trimEnd().length }, message: `${keyword} in JSON form must be an array of strings` }];
  }
  return [];
}

function firstWord(text: string, from: number): LogicalWord | undefined {
  const match = WHITESPACE_WORD.exec(text.slice(from));
  if (match === null) return undefined;
  const start = from + match.index;
  return { raw: match[0], start, end: start + match[0].length };
}

