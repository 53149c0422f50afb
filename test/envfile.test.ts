import { describe, expect, it } from 'vitest';
import { envFileVariables, parseEnvFile } from '../src/project/envfile.js';
import { SourceFile } from '../src/source.js';
import type { EnvDoc } from '../src/project/model.js';

function parse(text: string): EnvDoc {
  return parseEnvFile(new SourceFile('.env', text));
}

/** A 1-based range in `.env`. */
function at(line: number, column: number, endLine: number, endColumn: number) {
  return { file: '.env', range: { start: { line, column }, end: { line: endLine, column: endColumn } } };
}

const projectEnv = [
  '# Project settings',
  'COMPOSE_PROJECT_NAME=shop',
  'export REGISTRY=ghcr.io/acme   # where images go',
  'APP_CTX=./services/api',
  'GREETING="hello\\nworld \\"quoted\\""',
  "LITERAL='no $EXPANSION\\n here'",
  'EMPTY=',
  'URL=http://example.com/#anchor',
  'IMAGE=${REGISTRY}/api:${TAG:-latest}',
  'SHELL_ONLY',
  'MULTI="line one',
  'line two"',
  '  INDENTED = spaced value  ',
  '',
].join('\n');

describe('parseEnvFile', () => {
  const doc = parse(projectEnv);

  it('reads every entry with its value as Compose sees it', () => {
    expect(doc.kind).toBe('env');
    expect(doc.problems).toEqual([]);
    expect(doc.entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['COMPOSE_PROJECT_NAME', 'shop'],
      ['REGISTRY', 'ghcr.io/acme'],
      ['APP_CTX', './services/api'],
      ['GREETING', 'hello\nworld "quoted"'],
      ['LITERAL', 'no $EXPANSION\\n here'],
      ['EMPTY', ''],
      ['URL', 'http://example.com/#anchor'],
      ['IMAGE', 'ghcr.io/acme/api:latest'],
      ['SHELL_ONLY', null],
      ['MULTI', 'line one\nline two'],
      ['INDENTED', 'spaced value'],
    ]);
  });

  it('locates entries and values exactly', () => {
    const byName = new Map(doc.entries.map((entry) => [entry.name, entry]));
    expect(byName.get('COMPOSE_PROJECT_NAME')?.location).toEqual(at(2, 1, 2, 26));
    expect(byName.get('COMPOSE_PROJECT_NAME')?.valueLocation).toEqual(at(2, 22, 2, 26));
    expect(byName.get('REGISTRY')?.location).toEqual(at(3, 1, 3, 29));
    expect(byName.get('REGISTRY')?.valueLocation).toEqual(at(3, 17, 3, 29));
    expect(byName.get('GREETING')?.valueLocation).toEqual(at(5, 10, 5, 35));
    expect(byName.get('EMPTY')?.valueLocation).toEqual(at(7, 7, 7, 7));
    expect(byName.get('SHELL_ONLY')?.location).toEqual(at(10, 1, 10, 11));
    expect(byName.get('SHELL_ONLY')?.valueLocation).toEqual(at(10, 11, 10, 11));
    expect(byName.get('MULTI')?.location).toEqual(at(11, 1, 12, 10));
    expect(byName.get('INDENTED')?.location).toEqual(at(13, 3, 13, 26));
    expect(byName.get('INDENTED')?.valueLocation).toEqual(at(13, 14, 13, 26));
  });

  it('collects full-line and inline comments', () => {
    expect(doc.comments).toEqual([
      { line: 1, text: ' Project settings', range: at(1, 1, 1, 19).range },
      { line: 3, text: ' where images go', range: at(3, 32, 3, 49).range },
    ]);
  });

  it('gives the known variables for interpolation, leaving unknown ones out', () => {
    const variables = envFileVariables(doc);
    expect(variables.get('APP_CTX')).toBe('./services/api');
    expect(variables.has('SHELL_ONLY')).toBe(false);
    expect(variables.size).toBe(10);
  });

  it('reports an unterminated quote on a CRLF line without the carriage return', () => {
    expect(parse("A='open\r\n").problems).toEqual([
      { location: at(1, 3, 1, 8), message: 'unterminated single-quoted value' },
    ]);
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    const crlf = parse('\uFEFFA=1\r\nB="x" \r\n# note\r\nC\r\nD=two words\r\n');
    expect(crlf.entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['A', '1'],
      ['B', 'x'],
      ['C', null],
      ['D', 'two words'],
    ]);
    expect(crlf.comments).toEqual([{ line: 3, text: ' note', range: at(3, 1, 3, 7).range }]);
    expect(crlf.entries[0]?.location).toEqual(at(1, 2, 1, 5));
    expect(crlf.entries[2]?.location).toEqual(at(4, 1, 4, 2));
    expect(crlf.entries[3]?.valueLocation).toEqual(at(5, 3, 5, 12));
  });

  it.each([
    ['"a\\\\b"', 'a\\b'],
    ['"cost \\$5"', 'cost $5'],
    ['"tab\\there"', 'tab\there'],
    ['"keep \\q"', 'keep \\q'],
    ["'it\\'s'", "it's"],
    ["'raw \\t'", 'raw \\t'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['plain # trailing comment', 'plain'],
    ['x#y', 'x#y'],
    ['  padded  ', 'padded'],
    ['$$HOME', '$HOME'],
  ])('value %s reads as %j', (written, expected) => {
    const result = parse(`KEY=${written}\n`);
    expect(result.problems).toEqual([]);
    expect(result.entries.map((entry) => entry.value)).toEqual([expected]);
  });

  it('accepts the YAML-style separator and reads text after a closing quote as a new entry', () => {
    const result = parse('KEY: value\nA="x" B=2\n');
    expect(result.entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['KEY', 'value'],
      ['A', 'x'],
      ['B', '2'],
    ]);
  });

  it('expands references to earlier entries only', () => {
    const result = parse('A=1\nB=${A}-x\nC="$A$A"\nD=${LATER}\nE=${LATER:-d}\nLATER=z\nF=\'$A\'\n');
    expect(result.entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['A', '1'],
      ['B', '1-x'],
      ['C', '11'],
      ['D', null],
      ['E', 'd'],
      ['LATER', 'z'],
      ['F', '$A'],
    ]);
  });

  it('reports lines Compose would refuse and keeps reading', () => {
    const result = parse(
      ['GOOD=1', 'BAD KEY=2', 'B@D=3', '=novalue', 'OPEN="never closed', 'NEXT=after', 'IMG=${TAG%-slim}', ''].join(
        '\n',
      ),
    );
    expect(result.problems).toEqual([
      { location: at(2, 1, 2, 8), message: 'variable name "BAD KEY" contains a space' },
      { location: at(3, 2, 3, 3), message: 'unexpected character "@" in variable name' },
      { location: at(4, 1, 4, 1), message: 'missing variable name before "="' },
      { location: at(5, 6, 5, 19), message: 'unterminated double-quoted value' },
      {
        location: at(7, 5, 7, 17),
        message: 'invalid interpolation "${TAG%-slim}"; write $$ for a literal $',
      },
    ]);
    expect(result.entries.map((entry) => [entry.name, entry.value])).toEqual([
      ['GOOD', '1'],
      ['NEXT', 'after'],
      ['IMG', null],
    ]);
  });

  it('returns nothing for empty, blank and comment-only files', () => {
    for (const text of ['', '\n\n  \n', '# only a comment']) {
      const result = parse(text);
      expect(result.entries).toEqual([]);
      expect(result.problems).toEqual([]);
    }
  });
});

describe('parseEnvFile on hostile input', () => {
  it('stops a chain of variables that doubles on every line at the expansion limit, with a finding', () => {
    const lines = ['A0=0123456789'];
    for (let i = 1; i <= 30; i++) lines.push(`A${i}=\${A${i - 1}}\${A${i - 1}}`);
    const doc = parse(`${lines.join('\n')}\n`);
    const variables = envFileVariables(doc);
    expect(variables.get('A16')).toHaveLength(10 * 2 ** 16);
    expect(variables.has('A17')).toBe(false);
    expect(doc.problems.map((problem) => `${problem.location.range.start.line}: ${problem.message}`)).toEqual([
      "18: the value expands to more than 1 MiB (dockerlint's limit): not expanded",
    ]);
  });

  it('reads 120,000 chained lines in linear time and memory', () => {
    const lines = ['A0=x'];
    for (let i = 1; i < 120_000; i++) lines.push(`A${i}=\${A${i - 1}}`);
    const doc = parse(`${lines.join('\n')}\n`);
    expect(envFileVariables(doc).get('A119999')).toBe('x');
    expect(doc.problems).toEqual([]);
  });
});
