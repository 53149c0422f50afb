import { describe, expect, it } from 'vitest';
import {
  fileOffsetOf,
  findHeredocOperators,
  logicalIndexOf,
  parseJsonArray,
  readLogicalLine,
  shellView,
  splitShellWords,
  unquote,
} from '../src/project/dockerfile/text.js';

describe('readLogicalLine', () => {
  it('joins continuations, drops comment and empty lines inside them, and maps indices back', () => {
    const text = 'RUN a \\  \n# c\n\n   b \\\n  c\nNEXT';
    const line = readLogicalLine(text, 0, '\\');
    expect(line.text).toBe('RUN a    b   c');
    expect(line.end).toBe(text.indexOf('\nNEXT'));
    expect(line.continuations).toEqual([
      { start: 6, end: text.indexOf('   b') },
      { start: text.indexOf('\\\n  c'), end: text.indexOf('  c') },
    ]);
    expect(fileOffsetOf(line, line.text.indexOf('b'))).toBe(text.indexOf('b'));
    expect(fileOffsetOf(line, line.text.indexOf('c'))).toBe(text.indexOf('  c') + 2);
    expect(fileOffsetOf(line, line.text.length)).toBe(line.end);
    expect(logicalIndexOf(line, text.indexOf('# c'))).toBe(line.text.indexOf('   b'));
    expect(logicalIndexOf(line, text.length)).toBe(line.text.length);
  });

  it('ends at a continuation that runs into the end of the file', () => {
    const line = readLogicalLine('RUN a \\\n# only a comment', 0, '\\');
    expect(line.text).toBe('RUN a ');
    expect(line.end).toBe(6);
  });

  it('uses the escape char given by the directive', () => {
    expect(readLogicalLine('RUN dir C:\\ `\n  /s', 0, '`').text).toBe('RUN dir C:\\   /s');
  });
});

describe('shellView', () => {
  const cases: [string, string][] = [
    ['a \\\n# c\n  b', 'a \\\n  \\\n  b'],
    ['a \\\n\n\n  b', 'a   \\\n  b'],
    ['a \\ \t\r\n  b', 'a    \\\n  b'],
    ['x <<EOF\r\nbody\r\nEOF', 'x <<EOF \nbody \nEOF'],
  ];
  it.each(cases)('%j → %j', (text, expected) => {
    const line = readLogicalLine(text, 0, '\\');
    const view = shellView(text, 0, text.length, line.continuations);
    expect(view).toBe(expected);
    expect(view).toHaveLength(text.length);
  });
});

describe('words and quotes', () => {
  const unquoted: [string, string, string][] = [
    ['"a b"', '\\', 'a b'],
    ["'a\\b'", '\\', 'a\\b'],
    ['a\\ b', '\\', 'a b'],
    ['"a\\"b"', '\\', 'a"b'],
    ['"$x\\$y"', '\\', '$x$y'],
    ['"a\\nb"', '\\', 'a\\nb'],
    ['"unterminated', '\\', 'unterminated'],
    ['a`"b', '`', 'a"b'],
    ['C:\\dir', '`', 'C:\\dir'],
  ];
  it.each(unquoted)('unquote(%s, %s) → %s', (raw, escapeChar, value) => {
    expect(unquote(raw, escapeChar)).toBe(value);
  });

  it('splits shell words with quotes kept and finds heredoc operators as BuildKit does', () => {
    const text = `cat "a <<EOF b" <<X 2<<-"EOT" <<<here << 'E' x\\ <<Y`;
    const words = splitShellWords(text, 0, '\\');
    expect(words.map((word) => word.raw)).toEqual(['cat', '"a <<EOF b"', '<<X', '2<<-"EOT"', '<<<here', '<<', "'E'", 'x\\ <<Y']);
    expect(findHeredocOperators(words, '\\').map(({ name, stripTabs, spaced, descriptor, start, end }) => [
      name, stripTabs, spaced, descriptor, text.slice(start, end),
    ])).toEqual([
      ['X', false, false, '', '<<X'],
      ['EOT', true, false, '2', '2<<-"EOT"'],
      ['E', false, true, '', "<< 'E'"],
    ]);
  });
});

describe('parseJsonArray', () => {
  it('gives the strings with their places, or says why it is not exec form', () => {
    expect(parseJsonArray('CMD [ "a b", "c\\"d" ]', 4)).toEqual({
      kind: 'strings',
      strings: [
        { value: 'a b', raw: '"a b"', start: 6, end: 11 },
        { value: 'c"d', raw: '"c\\"d"', start: 13, end: 19 },
      ],
    });
    expect(parseJsonArray('CMD []', 4)).toEqual({ kind: 'strings', strings: [] });
    expect(parseJsonArray("CMD ['a']", 4)).toEqual({ kind: 'not-json' });
    expect(parseJsonArray('CMD ["a"] b', 4)).toEqual({ kind: 'not-json' });
    expect(parseJsonArray('CMD {"a": 1}', 4)).toEqual({ kind: 'not-json' });
    expect(parseJsonArray('CMD ["a", null]', 4)).toEqual({ kind: 'not-strings' });
  });
});
