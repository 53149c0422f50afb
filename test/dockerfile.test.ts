import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/project/dockerfile/index.js';
import { scanDockerfile } from '../src/project/dockerfile/scan.js';
import { initShellParser, parseShell } from '../src/project/shell.js';
import type { DockerfileOptions, ShellParser } from '../src/project/dockerfile/index.js';
import { isInstruction } from '../src/project/model.js';
import type { DockerfileDoc, Instruction, InstructionByKeyword } from '../src/project/model.js';
import { SourceFile } from '../src/source.js';
import type { Range } from '../src/source.js';

interface ShellCall {
  text: string;
  offset: number;
}

/** A fake shell parser: records what it was given and finds no commands. */
function recordingShell(): { calls: ShellCall[]; parser: ShellParser } {
  const calls: ShellCall[] = [];
  return {
    calls,
    parser: (text, offset) => {
      calls.push({ text, offset });
      return { commands: [], assignments: [], errors: [], comments: [] };
    },
  };
}

/** Docker 20.10, whose built-in frontend (before 1.16) takes no space after `<<`. */
const DOCKER_20_10 = { engine: [20, 10] } as const;

function parse(text: string, parser: ShellParser | null = recordingShell().parser, options: DockerfileOptions = {}): DockerfileDoc {
  return parseDockerfile(new SourceFile('app/Dockerfile', text), parser, options);
}

function parseRecording(text: string, options: DockerfileOptions = {}): { doc: DockerfileDoc; calls: ShellCall[] } {
  const shell = recordingShell();
  return { doc: parse(text, shell.parser, options), calls: shell.calls };
}

/** Offset of the `occurrence`-th (0-based) appearance of `needle`; fails the test when absent. */
function offsetOf(text: string, needle: string, occurrence = 0): number {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  return offset;
}

function range(startLine: number, startColumn: number, endLine: number, endColumn: number): Range {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

function keywords(instructions: readonly Instruction[]): string[] {
  return instructions.map((instruction) => instruction.keyword);
}

function at(doc: DockerfileDoc, index: number): Instruction {
  const instruction = doc.instructions[index];
  if (instruction === undefined) throw new Error(`no instruction ${index}`);
  return instruction;
}

function typedAt<K extends keyof InstructionByKeyword>(doc: DockerfileDoc, index: number, first: K, second?: K, third?: K): InstructionByKeyword[K] {
  const instruction = at(doc, index);
  if (!isInstruction(instruction, first, second, third)) {
    throw new Error(`instruction ${index} is ${instruction.keyword}, not ${[first, second, third].filter(Boolean).join('/')}`);
  }
  return instruction;
}

const runAt = (doc: DockerfileDoc, index: number) => typedAt(doc, index, 'RUN');
const copyAt = (doc: DockerfileDoc, index: number) => typedAt(doc, index, 'COPY', 'ADD');
const commandAt = (doc: DockerfileDoc, index: number) => typedAt(doc, index, 'CMD', 'ENTRYPOINT');
const keyValueAt = (doc: DockerfileDoc, index: number) => typedAt(doc, index, 'ARG', 'ENV', 'LABEL');
const fromAt = (doc: DockerfileDoc, index: number) => typedAt(doc, index, 'FROM');

/** Instructions as the scan finds them (unknown keywords included), by keyword and first and last line. */
function scanned(text: string, options: DockerfileOptions = {}): [string, number, number][] {
  const source = new SourceFile('app/Dockerfile', text);
  return scanDockerfile(source, options.engine ?? null).instructions.map((item) => [
    item.keyword,
    source.positionAt(item.start).line,
    source.positionAt(item.end).line,
  ]);
}

function messages(doc: DockerfileDoc): string[] {
  return doc.problems.map((problem) => problem.message);
}

describe('parseDockerfile: real multi-stage files', () => {
  const node = [
    '# syntax=docker/dockerfile:1.7',
    'ARG NODE_VERSION=20',
    'FROM node:${NODE_VERSION}-alpine AS deps',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci',
    '',
    'FROM deps AS build',
    'COPY . .',
    'RUN npm run build',
    '',
    'FROM node:${NODE_VERSION}-alpine AS runtime',
    'WORKDIR /app',
    'COPY --from=build --chown=node:node /app/dist ./dist',
    'COPY --from=deps /app/node_modules ./node_modules',
    'USER node',
    'CMD ["node", "dist/server.js"]',
    '',
  ].join('\n');

  it('reads stages, global ARGs and instructions of a node deps/build/runtime file', () => {
    const { doc, calls } = parseRecording(node);
    expect(doc.problems).toEqual([]);
    expect(keywords(doc.instructions)).toEqual([
      'ARG', 'FROM', 'WORKDIR', 'COPY', 'RUN', 'FROM', 'COPY', 'RUN', 'FROM', 'WORKDIR', 'COPY', 'COPY', 'USER', 'CMD',
    ]);
    expect(doc.instructions.map((instruction) => instruction.stageIndex)).toEqual([-1, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(doc.globalArgs.map(({ name, value }) => [name, value])).toEqual([['NODE_VERSION', '20']]);
    expect(doc.stages.map((stage) => [stage.index, stage.name, stage.from.image.text, keywords(stage.instructions)])).toEqual([
      [0, 'deps', 'node:20-alpine', ['WORKDIR', 'COPY', 'RUN']],
      [1, 'build', 'deps', ['COPY', 'RUN']],
      [2, 'runtime', 'node:20-alpine', ['WORKDIR', 'COPY', 'COPY', 'USER', 'CMD']],
    ]);
    expect(doc.comments).toEqual([{ line: 1, text: ' syntax=docker/dockerfile:1.7', range: range(1, 1, 1, 31) }]);
    expect(calls).toEqual([
      { text: 'npm ci', offset: offsetOf(node, 'npm ci') },
      { text: 'npm run build', offset: offsetOf(node, 'npm run build') },
    ]);
  });

  it('exposes flags with their options, and COPY sources, destination and --from', () => {
    const doc = parse(node);
    const run = runAt(doc, 4);
    expect(run.flags).toEqual([
      {
        name: 'mount',
        value: 'type=cache,target=/root/.npm,sharing=locked',
        range: range(6, 5, 6, 56),
        options: { type: 'cache', target: '/root/.npm', sharing: 'locked' },
      },
    ]);
    expect(run.args.map((word) => word.value)).toEqual(['npm', 'ci']);
    expect(run.text).toBe('npm ci');
    expect(run.exec).toBeNull();

    const copy = copyAt(doc, 10);
    expect(copy.keyword).toBe('COPY');
    expect(copy.from).toBe('build');
    expect(copy.flags.map(({ name, value }) => [name, value])).toEqual([['from', 'build'], ['chown', 'node:node']]);
    expect(copy.sources).toEqual([{ raw: '/app/dist', value: '/app/dist', range: range(14, 37, 14, 46) }]);
    expect(copy.destination).toEqual({ raw: './dist', value: './dist', range: range(14, 47, 14, 53) });
    expect(copy.range).toEqual(range(14, 1, 14, 53));
    expect(copy.keywordRange).toEqual(range(14, 1, 14, 5));

    const manifests = copyAt(doc, 3);
    expect(manifests.sources.map((word) => word.value)).toEqual(['package.json', 'package-lock.json']);
    expect(manifests.destination?.value).toBe('./');
    expect(manifests.from).toBeNull();

    const cmd = commandAt(doc, 13);
    expect(cmd.exec).toEqual(['node', 'dist/server.js']);
    expect(cmd.shell).toBeNull();
  });

  it('reads a python file with a continued ENV and JSON ENTRYPOINT/CMD', () => {
    const python = [
      'FROM python:3.12-slim AS base',
      'ENV PYTHONDONTWRITEBYTECODE=1 \\',
      '    PIP_NO_CACHE_DIR=1',
      'WORKDIR /srv',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY src/ ./src/',
      'EXPOSE 8000',
      'ENTRYPOINT ["python", "-m", "uvicorn"]',
      'CMD ["src.main:app", "--host", "0.0.0.0"]',
    ].join('\n');
    const { doc, calls } = parseRecording(python);
    expect(doc.problems).toEqual([]);
    expect(doc.stages).toHaveLength(1);
    expect(doc.stages[0]?.name).toBe('base');
    const env = keyValueAt(doc, 1);
    expect(env.range).toEqual(range(2, 1, 3, 23));
    expect(env.properties).toEqual([
      { name: 'PYTHONDONTWRITEBYTECODE', value: '1', range: range(2, 5, 2, 30), nameRange: range(2, 5, 2, 28) },
      { name: 'PIP_NO_CACHE_DIR', value: '1', range: range(3, 5, 3, 23), nameRange: range(3, 5, 3, 21) },
    ]);
    const expose = at(doc, 6);
    expect(expose.keyword).toBe('EXPOSE');
    expect(expose.args.map((word) => word.value)).toEqual(['8000']);
    expect(commandAt(doc, 7).exec).toEqual(['python', '-m', 'uvicorn']);
    expect(commandAt(doc, 8).exec).toEqual(['src.main:app', '--host', '0.0.0.0']);
    expect(calls).toEqual([
      { text: 'pip install --no-cache-dir -r requirements.txt', offset: offsetOf(python, 'pip install') },
    ]);
  });
});

describe('parseDockerfile: FROM', () => {
  const text = [
    'ARG BASE=python',
    'ARG TAG',
    'FROM ${BASE}:${TAG:-3.11}-slim AS deps',
    'FROM --platform=$BUILDPLATFORM ${REGISTRY}/tool:${TAG} AS Tool',
    'ARG BASE=node',
    'FROM ${BASE} AS late',
    'from deps as final',
  ].join('\n');

  it('substitutes global ARG defaults only, as BuildKit does on FROM lines', () => {
    const doc = parse(text);
    expect(doc.problems).toEqual([]);
    expect(doc.globalArgs.map(({ name, value, range: where }) => [name, value, where])).toEqual([
      ['BASE', 'python', range(1, 5, 1, 16)],
      ['TAG', null, range(2, 5, 2, 8)],
    ]);
    const [deps, tool, late, final] = doc.stages.map((stage) => stage.from);
    expect(deps?.image).toEqual({
      text: 'python:3.11-slim',
      registry: null,
      path: 'python',
      tag: '3.11-slim',
      digest: null,
      dynamic: false,
    });
    expect(deps?.imageRange).toEqual(range(3, 6, 3, 31));
    expect(deps?.stageName).toBe('deps');
    expect(deps?.stageNameRange).toEqual(range(3, 35, 3, 39));
    expect(deps?.platform).toBeNull();

    expect(tool?.image.text).toBe('${REGISTRY}/tool:${TAG}');
    expect(tool?.image.dynamic).toBe(true);
    expect(tool?.platform).toBe('$BUILDPLATFORM');
    expect(tool?.stageName).toBe('tool');

    // The ARG after the first FROM belongs to a stage and does not change later FROM lines.
    expect(late?.image.text).toBe('python');
    expect(final?.image.text).toBe('deps');
    expect(final?.stageName).toBe('final');
    expect(final?.keywordRange).toEqual(range(7, 1, 7, 5));
  });

  it('reports malformed FROM lines, invalid stage names and invalid references, not duplicate names (BuildKit builds them)', () => {
    const doc = parse(['FROM', 'FROM node AS', 'FROM node AS 1st', 'FROM Node:20 AS a', 'FROM node AS A', 'FROM A'].join('\n'));
    expect(doc.problems.map((problem) => [problem.message, problem.location.range.start.line])).toEqual([
      ['FROM requires either one or three arguments (FROM image [AS name])', 1],
      ['FROM requires either one or three arguments (FROM image [AS name])', 2],
      ['invalid stage name "1st": use letters, digits, \'-\', \'_\' and \'.\', starting with a letter', 3],
      ['invalid reference format: repository name must be lowercase', 4],
    ]);
    expect(doc.stages).toHaveLength(6);
    expect(doc.stages[0]?.from.image.text).toBe('');
  });
});

describe('parseDockerfile: RUN text handed to the shell parser', () => {
  it('blanks comment lines inside a continuation, keeping the continuation and every offset', () => {
    const text = [
      'FROM debian',
      'RUN apt-get update && \\',
      '    # curl is needed for the health check',
      '    apt-get install -y curl \\',
      '',
      '  # and git',
      '      git',
      'CMD true',
    ].join('\n');
    const { doc, calls } = parseRecording(text);
    const run = runAt(doc, 1);
    expect(run.range).toEqual(range(2, 1, 7, 10));
    expect(run.text).toBe('apt-get update &&     apt-get install -y curl       git');
    expect(run.args.map((word) => [word.value, word.range])).toEqual([
      ['apt-get', range(2, 5, 2, 12)],
      ['update', range(2, 13, 2, 19)],
      ['&&', range(2, 20, 2, 22)],
      ['apt-get', range(4, 5, 4, 12)],
      ['install', range(4, 13, 4, 20)],
      ['-y', range(4, 21, 4, 23)],
      ['curl', range(4, 24, 4, 28)],
      ['git', range(7, 7, 7, 10)],
    ]);
    // The empty line has no room for a `\`: the line break before it becomes the `\` instead.
    const shellText = [
      'apt-get update && \\',
      `${' '.repeat(40)}\\`,
      '    apt-get install -y curl  \\',
      `${' '.repeat(10)}\\`,
      '      git',
    ].join('\n');
    expect(calls).toEqual([
      { text: shellText, offset: offsetOf(text, 'apt-get update') },
      { text: 'true', offset: offsetOf(text, 'true') },
    ]);
    expect(calls[0]?.text).toHaveLength(offsetOf(text, '\nCMD') - offsetOf(text, 'apt-get update'));
    expect(doc.comments).toEqual([
      { line: 3, text: ' curl is needed for the health check', range: range(3, 5, 3, 42) },
      { line: 6, text: ' and git', range: range(6, 3, 6, 12) },
    ]);
  });

  it('handles CRLF line ends and trailing blanks after the escape char', () => {
    const text = 'FROM alpine\r\nRUN apk add \\  \r\n  # pinned\r\n  curl\r\nCMD ["sh"]\r\n';
    const { doc, calls } = parseRecording(text);
    expect(doc.problems).toEqual([]);
    const run = runAt(doc, 1);
    expect(run.range).toEqual(range(2, 1, 4, 7));
    expect(run.text).toBe('apk add   curl');
    expect(calls).toEqual([{ text: 'apk add    \\\n          \\\n  curl', offset: offsetOf(text, 'apk') }]);
    expect(doc.comments).toEqual([{ line: 3, text: ' pinned', range: range(3, 3, 3, 11) }]);
    expect(commandAt(doc, 2).exec).toEqual(['sh']);
  });

  it('survives a comment line ending in a backslash (getHeredocs crashes on it)', () => {
    const text = 'FROM x\nRUN \\\n# comment\\comment\n echo hi\n';
    const { doc, calls } = parseRecording(text);
    expect(doc.problems).toEqual([]);
    expect(runAt(doc, 1).text).toBe('echo hi');
    expect(runAt(doc, 1).heredocs).toEqual([]);
    expect(calls).toEqual([{ text: 'echo hi', offset: offsetOf(text, 'echo') }]);
    expect(doc.comments.map((comment) => comment.text)).toEqual([' comment\\comment']);
  });

  it('gives exec form from the source text, keeping spaces inside JSON strings', () => {
    const text = 'FROM x\nRUN ["sh", "-c", "echo hi  there"]\nCOPY ["a b", "/x/"]\nCMD ["node","app  x"]\n';
    const { doc, calls } = parseRecording(text);
    expect(doc.problems).toEqual([]);
    const run = runAt(doc, 1);
    expect(run.exec).toEqual(['sh', '-c', 'echo hi  there']);
    expect(run.text).toBe('["sh", "-c", "echo hi  there"]');
    expect(run.args.map((word) => [word.raw, word.value, word.range])).toEqual([
      ['"sh"', 'sh', range(2, 6, 2, 10)],
      ['"-c"', '-c', range(2, 12, 2, 16)],
      ['"echo hi  there"', 'echo hi  there', range(2, 18, 2, 34)],
    ]);
    // The sh -c script is parsed where it sits inside the JSON string.
    expect(calls).toEqual([{ text: 'echo hi  there', offset: offsetOf(text, 'echo hi') }]);
    expect(run.shell).toEqual({ commands: [], assignments: [], errors: [], comments: [] });
    const copy = copyAt(doc, 2);
    expect(copy.sources.map((word) => word.value)).toEqual(['a b']);
    expect(copy.destination?.value).toBe('/x/');
    expect(commandAt(doc, 3).exec).toEqual(['node', 'app  x']);
  });

  it.each([
    ['["bash", "-euo", "pipefail", "-c", "apt-get install -y curl"]', 'apt-get install -y curl'],
    ['["/bin/sh", "-ec", "npm ci"]', 'npm ci'],
    ['["mksh", "-c", "make"]', 'make'],
    ['["bash", "--login", "-c", "pip install -r r.txt"]', 'pip install -r r.txt'],
  ])('finds the script of %s, as Compose commands do', (exec, script) => {
    const text = `FROM x\nRUN ${exec}\n`;
    const { calls } = parseRecording(text);
    expect(calls).toEqual([{ text: script, offset: offsetOf(text, script) }]);
  });

  it.each(['["bash", "script.sh", "-c"]', '["python", "-c", "print(1)"]', '["sh", "-e", "setup.sh"]'])('finds no script in %s', (exec) => {
    expect(parseRecording(`FROM x\nRUN ${exec}\n`).calls).toEqual([]);
  });

  it('reads a JSON array cut by a comment line and finds the sh -c script after options', () => {
    const text = 'FROM x\nCOPY ["a", \\\n# note\n "/c/" ]\nENTRYPOINT ["/bin/bash", "-o", "pipefail", "-lc", "exec app"]\n';
    const { doc, calls } = parseRecording(text);
    const copy = copyAt(doc, 1);
    expect(copy.sources.map((word) => [word.value, word.range])).toEqual([['a', range(2, 7, 2, 10)]]);
    expect(copy.destination?.range).toEqual(range(4, 2, 4, 7));
    expect(calls).toEqual([{ text: 'exec app', offset: offsetOf(text, 'exec app') }]);
  });

  it('treats single-quoted arrays and other non-JSON as shell form without a problem', () => {
    const text = "FROM x\nCMD ['node','x']\nRUN [ oops\n";
    const { doc, calls } = parseRecording(text);
    expect(doc.problems).toEqual([]);
    expect(commandAt(doc, 1).exec).toBeNull();
    expect(commandAt(doc, 1).text).toBe("['node','x']");
    expect(calls.map((call) => call.text)).toEqual(["['node','x']", '[ oops']);
  });

  it('reports a JSON array that holds something other than strings, and SHELL not in JSON form', () => {
    const doc = parse('FROM x\nCMD ["node", 1]\nSHELL /bin/bash -c\nSHELL []\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\n');
    expect(messages(doc)).toEqual([
      'CMD in JSON form must be an array of strings',
      'SHELL requires a JSON array of strings, e.g. SHELL ["/bin/bash", "-c"]',
      'SHELL requires a JSON array of strings, e.g. SHELL ["/bin/bash", "-c"]',
    ]);
    expect(doc.problems[0]?.location).toEqual({ file: 'app/Dockerfile', range: range(2, 1, 2, 16) });
  });
});

describe('parseDockerfile: heredocs', () => {
  it('parses the body of RUN <<EOF as the script, and keeps COPY heredocs out of the sources', () => {
    const text = [
      'FROM debian',
      'RUN <<EOF',
      '# comment in the script',
      'apt-get update',
      'EOF',
      'COPY <<A <<B /dest/',
      'a',
      'A',
      'b',
      'B',
      'RUN python3 <<EOF',
      'print(1)',
      'EOF',
      'RUN <<-EOT bash',
      '\techo tabbed',
      '\tEOT',
      'CMD x',
    ].join('\n');
    const { doc, calls } = parseRecording(text);
    expect(doc.problems).toEqual([]);
    expect(keywords(doc.instructions)).toEqual(['FROM', 'RUN', 'COPY', 'RUN', 'RUN', 'CMD']);
    const run = runAt(doc, 1);
    expect(run.range).toEqual(range(2, 1, 5, 4));
    expect(run.heredocs).toEqual([
      { name: 'EOF', content: '# comment in the script\napt-get update', contentRange: range(3, 1, 4, 15) },
    ]);
    expect(run.text).toBe('# comment in the script\napt-get update');
    const copy = copyAt(doc, 2);
    expect(copy.sources).toEqual([]);
    expect(copy.destination?.value).toBe('/dest/');
    expect(copy.heredocs.map(({ name, content }) => [name, content])).toEqual([['A', 'a'], ['B', 'b']]);
    expect(runAt(doc, 3).text).toBe('python3 <<EOF\nprint(1)\nEOF');
    expect(calls).toEqual([
      { text: '# comment in the script\napt-get update', offset: offsetOf(text, '# comment') },
      { text: 'python3 <<EOF\nprint(1)\nEOF', offset: offsetOf(text, 'python3') },
      { text: '<<-EOT bash\n\techo tabbed\n\tEOT', offset: offsetOf(text, '<<-EOT') },
      // The recording parser found no command in the body, so the body is parsed on its own.
      { text: '\techo tabbed', offset: offsetOf(text, '\techo') },
      { text: 'x', offset: offsetOf(text, 'CMD x') + 'CMD '.length },
    ]);
    // Lines of heredoc bodies are not Dockerfile comments.
    expect(doc.comments).toEqual([]);
  });

  it('parses the body of `bash <<EOF` once, as the script of the shell it feeds', async () => {
    await initShellParser();
    const text = 'FROM x\nRUN bash -e <<EOF\napt-get update | tee log\nfi\nEOF\n';
    const source = new SourceFile('Dockerfile', text);
    const run = runAt(parseDockerfile(source, (script, offset) => parseShell(script, source, offset)), 1);
    expect(run.shell?.commands.map((command) => [command.name, command.range.start, command.wrappers, command.pipeline?.id ?? null])).toEqual([
      ['bash', { line: 2, column: 5 }, [], null],
      ['apt-get', { line: 3, column: 1 }, ['sh <<'], 0],
      ['tee', { line: 3, column: 18 }, ['sh <<'], 0],
    ]);
    expect(run.shell?.errors.map((error) => [error.location.range.start, error.message])).toEqual([[{ line: 4, column: 1 }, 'shell syntax error: unexpected `fi`']]);

  });

  it('does not parse a heredoc script whose #! names another interpreter', () => {
    const { doc, calls } = parseRecording('FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n');
    expect(runAt(doc, 1).shell).toBeNull();
    expect(calls).toEqual([]);
  });

  it('reads `<< EOF` as the heredoc meant, and for a frontend before 1.16 reports it and makes no instructions of its body', () => {
    const text = ['FROM x', "RUN cat << 'EOF' > /etc/app.conf", 'setopt foo', '# not a comment', 'echo hi', 'EOF', 'RUN ok'].join('\n');
    const { doc, calls } = parseRecording(text, DOCKER_20_10);
    expect(keywords(doc.instructions)).toEqual(['FROM', 'RUN', 'RUN']);
    expect(doc.problems).toEqual([
      {
        location: { file: 'app/Dockerfile', range: range(2, 9, 2, 17) },
        message:
          'This Dockerfile frontend (before 1.16, built into Docker Engine 28.2) does not read "<< EOF" (space after <<) as a heredoc, so the lines up to EOF would become instructions: write <<EOF',
      },
    ]);
    const run = runAt(doc, 1);
    expect(run.range).toEqual(range(2, 1, 6, 4));
    expect(run.heredocs).toEqual([{ name: 'EOF', content: 'setopt foo\n# not a comment\necho hi', contentRange: range(3, 1, 5, 8) }]);
    expect(run.args.map((word) => word.raw)).toEqual(['cat', '<<', "'EOF'", '>', '/etc/app.conf']);
    expect(calls.map((call) => call.offset)).toEqual([offsetOf(text, 'cat'), offsetOf(text, 'ok')]);
    expect(calls[0]?.text).toBe("cat << 'EOF' > /etc/app.conf\nsetopt foo\n# not a comment\necho hi\nEOF");
    expect(doc.comments).toEqual([]);
  });

  it('leaves `<< word` alone when no delimiter line follows, for a frontend before 1.16', () => {
    const doc = parse('FROM x\nRUN cat << EOF\nRUN ok\n', undefined, DOCKER_20_10);
    expect(doc.problems).toEqual([]);
    expect(keywords(doc.instructions)).toEqual(['FROM', 'RUN', 'RUN']);
    expect(runAt(doc, 1).heredocs).toEqual([]);
  });

  it('reads fd-prefixed heredocs and ignores << inside quotes, where the library goes wrong', () => {
    const text = ['FROM x', 'RUN 2<<X cat', 'body line', 'X', 'RUN echo "a <<EOF b"', 'RUN ok', 'EOF', 'RUN last'].join('\n');
    const doc = parse(text);
    expect(scanned(text).map(([keyword]) => keyword)).toEqual(['FROM', 'RUN', 'RUN', 'RUN', 'EOF', 'RUN']);
    expect(keywords(doc.instructions)).toEqual(['FROM', 'RUN', 'RUN', 'RUN', 'RUN']);
    expect(runAt(doc, 1).heredocs.map(({ name, content }) => [name, content])).toEqual([['X', 'body line']]);
    expect(runAt(doc, 2).heredocs).toEqual([]);
    expect(runAt(doc, 2).range).toEqual(range(5, 1, 5, 21));
    expect(messages(doc)).toEqual(['unknown instruction "EOF"']);
  });

  it('repairs a swallowing instruction without losing its flags, and one inside a `<< EOF` body', () => {
    const text = [
      'FROM x',
      'RUN --mount=type=cache,target=/root/.cache echo "use <<EOF here"',
      'RUN cat << EOF > /x',
      'RUN <<X',
      'EOF',
      'RUN after',
      'X',
      'RUN echo "again <<EOF"',
      'RUN last',
    ].join('\n');
    expect(scanned(text, DOCKER_20_10)).toEqual([
      ['FROM', 1, 1],
      ['RUN', 2, 2],
      ['RUN', 3, 5],
      ['RUN', 6, 6],
      ['X', 7, 7],
      ['RUN', 8, 8],
      ['RUN', 9, 9],
    ]);
    const doc = parse(text, undefined, DOCKER_20_10);
    expect(runAt(doc, 1).flags.map(({ name, options }) => [name, options])).toEqual([
      ['mount', { type: 'cache', target: '/root/.cache' }],
    ]);
    expect(runAt(doc, 1).text).toBe('echo "use <<EOF here"');
    expect(runAt(doc, 2).heredocs.map(({ name, content }) => [name, content])).toEqual([['EOF', 'RUN <<X']]);
    expect(messages(doc)).toEqual([
      'This Dockerfile frontend (before 1.16, built into Docker Engine 28.2) does not read "<< EOF" (space after <<) as a heredoc, so the lines up to EOF would become instructions: write <<EOF',
      'unknown instruction "X"',
    ]);
  });

  it('reports an unterminated heredoc, whose body runs to the end of the file', () => {
    const doc = parse('FROM x\nRUN <<EOF\necho hi\n');
    expect(messages(doc)).toEqual(['unterminated heredoc: no line EOF ends it']);
    expect(runAt(doc, 1).heredocs).toEqual([{ name: 'EOF', content: 'echo hi', contentRange: range(3, 1, 3, 8) }]);
  });
});

describe('parseDockerfile: instructions and keywords', () => {
  it('reads each word of an ARG as its own declaration, as BuildKit does', () => {
    const doc = parse('ARG A B=2 "C=x y"\nFROM x\nENV D E F\n');
    expect(keyValueAt(doc, 0).properties.map(({ name, value }) => [name, value])).toEqual([
      ['A', null],
      ['B', '2'],
      ['C', 'x y'],
    ]);
    expect(keyValueAt(doc, 0).properties.map(({ nameRange }) => nameRange)).toEqual([range(1, 5, 1, 6), range(1, 7, 1, 8), range(1, 11, 1, 13)]);
    expect(doc.globalArgs.map(({ name }) => name)).toEqual(['A', 'B', 'C']);
    // ENV's legacy form is one pair: the rest of the line is the value.
    expect(keyValueAt(doc, 2).properties.map(({ name, value }) => [name, value])).toEqual([['D', 'E F']]);
  });

  it('accepts lower-case keywords and upper-cases them', () => {
    const { doc, calls } = parseRecording('from node:20 as Build\nrun npm ci\ncopy --from=build /a /b\ncmd node x\n');
    expect(doc.problems).toEqual([]);
    expect(keywords(doc.instructions)).toEqual(['FROM', 'RUN', 'COPY', 'CMD']);
    expect(doc.stages[0]?.name).toBe('build');
    expect(copyAt(doc, 2).from).toBe('build');
    expect(calls.map((call) => call.text)).toEqual(['npm ci', 'node x']);
  });

  it('reads ENV A 1, ARG a=1 b=2, quoted LABELs and ARG without default', () => {
    const doc = parse('FROM x\nENV A 1\nARG a=1 b=2\nLABEL "k"="v w" x=y\nARG N\nENV E 1 2 3\n');
    const properties = (index: number): [string, string | null][] =>
      keyValueAt(doc, index).properties.map(({ name, value }) => [name, value]);
    expect(properties(1)).toEqual([['A', '1']]);
    expect(properties(2)).toEqual([['a', '1'], ['b', '2']]);
    expect(properties(3)).toEqual([['k', 'v w'], ['x', 'y']]);
    expect(properties(4)).toEqual([['N', null]]);
    expect(properties(5)).toEqual([['E', '1 2 3']]);
    expect(keyValueAt(doc, 2).properties[1]?.range).toEqual(range(3, 9, 3, 12));
  });

  it('reports unknown instructions, with a suggestion when close, and reads on after them', () => {
    const doc = parse('FROM x\nFORM y\nFROBNICATE z\nONBUILD RUN echo\nHEALTHCHECK --interval=5s CMD curl -f x\n');
    expect(keywords(doc.instructions)).toEqual(['FROM', 'ONBUILD', 'HEALTHCHECK']);
    expect(messages(doc)).toEqual(['unknown instruction "FORM"; did you mean FROM?', 'unknown instruction "FROBNICATE"']);
    expect(doc.problems[0]?.location.range).toEqual(range(2, 1, 2, 5));
    expect(at(doc, 1).args.map((word) => word.value)).toEqual(['RUN', 'echo']);
    expect(at(doc, 2).flags.map(({ name, value }) => [name, value])).toEqual([['interval', '5s']]);
  });

  it('reports instructions before the first FROM, a file without FROM, and COPY without destination', () => {
    expect(messages(parse('RUN echo\nFROM x\nCOPY onlyone\n'))).toEqual([
      'RUN before the first FROM: only ARG may come before it',
      'COPY requires at least two arguments: source(s) and a destination',
    ]);
    expect(messages(parse('ARG A=1\n'))).toEqual(['no FROM instruction: Docker cannot build this file']);
  });

  it('keeps valueless flags and options', () => {
    const doc = parse('FROM x\nCOPY --link a b\nRUN --mount=type=bind,source=a,target=/b,readonly --network=none make\n');
    expect(at(doc, 1).flags).toEqual([{ name: 'link', value: null, range: range(2, 6, 2, 12), options: {} }]);
    expect(at(doc, 2).flags.map(({ name, value, options }) => [name, value, options])).toEqual([
      ['mount', 'type=bind,source=a,target=/b,readonly', { type: 'bind', source: 'a', target: '/b', readonly: '' }],
      ['network', 'none', {}],
    ]);
  });
});

describe('parseDockerfile: shells that cannot be parsed', () => {
  it('sets shell null when no shell parser is given', () => {
    const doc = parse('FROM x\nRUN echo\nCMD ["sh", "-c", "echo"]\n', null);
    expect(runAt(doc, 1).shell).toBeNull();
    expect(runAt(doc, 1).text).toBe('echo');
    expect(commandAt(doc, 2).shell).toBeNull();
  });

  it('sets shell null after SHELL powershell, in stages built on it, and on Windows base images', () => {
    const text = [
      'FROM alpine AS a',
      'SHELL ["powershell", "-Command"]',
      'RUN Get-ChildItem',
      'FROM a',
      'RUN Write-Host hi',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'RUN dir',
      'SHELL ["/bin/bash", "-c"]',
      'RUN ls',
      'FROM alpine',
      'RUN ls -la',
    ].join('\n');
    const { doc, calls } = parseRecording(text);
    const shells = doc.instructions.filter((instruction) => isInstruction(instruction, 'RUN'));
    expect(shells.map((run) => run.shell === null)).toEqual([true, true, true, false, false]);
    expect(calls.map((call) => call.text)).toEqual(['ls', 'ls -la']);
  });

  it('sets shell null for every RUN when the escape char is a backtick', () => {
    const text = '# escape=`\nFROM x\nRUN echo `\n  hi\n';
    const { doc, calls } = parseRecording(text);
    expect(runAt(doc, 1).shell).toBeNull();
    expect(runAt(doc, 1).text).toBe('echo   hi');
    expect(calls).toEqual([]);
    expect(doc.comments.map((comment) => comment.text)).toEqual([' escape=`']);
  });

  it('refuses an escape directive other than a backslash or a backtick, and a repeated one, as Docker does', () => {
    const refused = (value: string): string[] => messages(parse(`# escape=${value}\nFROM x\nRUN echo hi\n`));
    expect(refused('x')).toEqual(["invalid escape directive 'x': Docker accepts only ` or \\"]);
    expect(refused(' ` `')).toEqual(["invalid escape directive '` `': Docker accepts only ` or \\"]);
    expect(refused('\\\\')).toEqual(["invalid escape directive '\\\\': Docker accepts only ` or \\"]);
    // Only blanks: one of them is the value.
    expect(refused('   ')).toEqual(["invalid escape directive ' ': Docker accepts only ` or \\"]);
    // Accepted: the two escape chars (blanks around them are trimmed), and an empty value, which is no directive but a comment.
    for (const value of ['`', '\\', ' \\ ', '']) expect(refused(value)).toEqual([]);
    expect(messages(parse('#escape=`\n# ESCAPE=\\\nFROM x\n'))).toEqual(['only one escape parser directive can be used']);
    // After a comment or an unknown directive, `# escape=` is a comment.
    expect(messages(parse('# hello\n# escape=x\nFROM x\n'))).toEqual([]);
    expect(messages(parse('# foo=bar\n# escape=x\nFROM x\n'))).toEqual([]);
    expect(parse('# escape=x\nFROM x\n').problems[0]?.location.range.start.line).toBe(1);
  });

  it('refuses a check directive BuildKit refuses: a part without =, an unknown key, an error value that is no boolean', () => {
    const refused = (value: string): string[] => messages(parse(`# syntax=docker/dockerfile:1\n# check=${value}\nFROM x\n`));
    expect(refused('skip')).toEqual(['invalid check directive \'skip\': `skip` has no `=`; BuildKit refuses to build. Write `check=skip=Name,…;error=true`']);
    expect(refused('error=maybe')).toEqual([
      'invalid check directive \'error=maybe\': `error` takes true or false; BuildKit refuses to build. Write `check=skip=Name,…;error=true`',
    ]);
    expect(refused('skip=A;level=high')).toEqual([
      'invalid check directive \'skip=A;level=high\': unknown option `level`; BuildKit refuses to build. Write `check=skip=Name,…;error=true`',
    ]);
    for (const value of ['skip=JSONArgsRecommended', 'skip = A , B ; error = 0', 'experimental=all;skip=all;error=TRUE', ' ']) {
      expect(refused(value)).toEqual([]);
    }
    // Only as a parser directive: below a comment it is a comment (BuildKit reads it from the top lines only).
    expect(messages(parse('# hello\n# check=skip\nFROM x\n'))).toEqual([]);
    expect(parse('# check=skip\nFROM x\n').problems[0]?.location.range).toEqual(range(1, 1, 1, 13));
  });

  it('turns a throwing shell parser into a script with one error', () => {
    const doc = parse('FROM x\nRUN echo\n', () => {
      throw new Error('boom');
    });
    expect(runAt(doc, 1).shell).toEqual({
      commands: [],
      assignments: [],
      comments: [],
      errors: [{ location: { file: 'app/Dockerfile', range: range(2, 5, 2, 9) }, message: 'shell parser failed: boom' }],
    });
  });
});

describe('parseDockerfile: odd files', () => {
  it('maps positions through a BOM, which counts as one unit at offset 0', () => {
    const text = '\uFEFF# syntax=docker/dockerfile:1\nFROM alpine AS base\nRUN echo hi\n';
    const { doc, calls } = parseRecording('\uFEFFFROM alpine\nRUN echo hi\n');
    expect(fromAt(doc, 0).range).toEqual(range(1, 2, 1, 13));
    expect(fromAt(doc, 0).imageRange).toEqual(range(1, 7, 1, 13));
    expect(fromAt(doc, 0).image.text).toBe('alpine');
    expect(calls).toEqual([{ text: 'echo hi', offset: 17 }]);

    const withDirective = parse(text);
    expect(withDirective.comments).toEqual([{ line: 1, text: ' syntax=docker/dockerfile:1', range: range(1, 2, 1, 30) }]);
    expect(withDirective.stages[0]?.name).toBe('base');
    expect(withDirective.problems).toEqual([]);
  });

  it('parses many stages and comments (the library alone is quadratic there; timing lives in the benchmark)', () => {
    const text = 'FROM alpine\n# a comment\n'.repeat(8000);
    const doc = parse(text);
    expect(doc.stages).toHaveLength(8000);
    expect(doc.comments).toHaveLength(8000);
    expect(doc.comments[7999]).toEqual({ line: 16000, text: ' a comment', range: range(16000, 1, 16000, 12) });
  });

  it('refuses 10 MB of garbage at once, as not text', () => {
    const doc = parse('\u0007garbage\u0000'.repeat(1024 * 1024));
    expect(messages(doc)).toEqual(['not a text file (NUL bytes or invalid UTF-8); it was not parsed']);
  });

  it('refuses binary files', () => {
    for (const text of ['\u0000\u0001ELF\u0002', 'FROM x\nRUN \uFFFD\uFFFD\n']) {
      const doc = parse(text);
      expect(doc.instructions).toEqual([]);
      expect(messages(doc)).toEqual(['not a text file (NUL bytes or invalid UTF-8); it was not parsed']);
    }
  });

  it('reads empty and comment-only files without instructions', () => {
    for (const text of ['', '   \n\n', '# just a comment\n']) {
      const doc = parse(text);
      expect(doc.instructions).toEqual([]);
      expect(messages(doc)).toEqual(['no FROM instruction: Docker cannot build this file']);
    }
  });

  it('never lets an instruction run into the next one the library found', () => {
    for (const text of ['\\\n"', '\\\n <']) {
      const source = new SourceFile('app/Dockerfile', text);
      const found = scanDockerfile(source, null).instructions.map((item) => [item.keyword, source.range(item.start, item.end)]);
      expect(found).toEqual([
        ['\\', range(1, 1, 1, 2)],
        [text.slice(-1), text.endsWith('<') ? range(2, 2, 2, 3) : range(2, 1, 2, 2)],
      ]);
    }
  });

  it('never throws on random input, and keeps instructions in order and shell texts inside the file', () => {
    const alphabet = ['FROM ', 'RUN ', 'COPY ', 'ARG ', 'ONBUILD ', 'AS ', '<<', '<< ', '2<<', 'EOF', '\n', '\r\n', '\\', '`', '#',
      '"', "'", '[', ']', ',', '$', '{', '}', ':-', '--mount=', 'type=cache', ' ', '\t', 'x', 'é', '😀', '# escape=`\n', '=',
      '@', '/', ':', 'sh', '-c'];
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 400; round++) {
      let text = '';
      const length = Math.floor(random() * 120);
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      const source = new SourceFile('Dockerfile', text);
      const { calls, parser } = recordingShell();
      const doc = parseDockerfile(source, parser);
      expect(messages(doc).filter((message) => message.startsWith('internal error'))).toEqual([]);
      let previousEnd = 0;
      for (const instruction of doc.instructions) {
        const start = source.offsetAt(instruction.range.start);
        const end = source.offsetAt(instruction.range.end);
        expect(start).toBeGreaterThanOrEqual(previousEnd);
        expect(end).toBeGreaterThanOrEqual(start);
        previousEnd = end;
      }
      for (const call of calls) {
        expect(call.offset).toBeGreaterThanOrEqual(0);
        expect(call.offset + call.text.length).toBeLessThanOrEqual(text.length);
      }
    }
  });
});
