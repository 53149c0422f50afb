import { beforeAll, describe, expect, it } from 'vitest';
import { flagValue, hasFlag, parseArgs, pipedInto, subcommand } from '../src/project/command.js';
import type { ShellCommand, ShellScript } from '../src/project/model.js';
import { initShellParser, parseShell } from '../src/project/shell.js';
import { SourceFile } from '../src/source.js';

function parse(text: string): ShellScript {
  return parseShell(text, new SourceFile('Dockerfile', text), 0);
}

function only(text: string): ShellCommand {
  const [command, ...rest] = parse(text).commands;
  if (command === undefined || rest.length > 0) throw new Error(`expected one command in ${text}`);
  return command;
}

beforeAll(async () => {
  await initShellParser();
});

describe('parseArgs', () => {
  const cases: {
    text: string;
    valueFlags?: string[];
    flags: [string, string | true][];
    positionals: (string | null)[];
  }[] = [
    {
      text: 'apt-get install -y --no-install-recommends curl git',
      flags: [
        ['y', true],
        ['no-install-recommends', true],
      ],
      positionals: ['install', 'curl', 'git'],
    },
    {
      text: 'apt-get -qq -o Dpkg::Use-Pty=0 install curl',
      valueFlags: ['o'],
      flags: [
        ['q', true],
        ['o', 'Dpkg::Use-Pty=0'],
      ],
      positionals: ['install', 'curl'],
    },
    {
      text: 'pip install --no-cache-dir -r requirements.txt --index-url=https://x/simple',
      valueFlags: ['r'],
      flags: [
        ['no-cache-dir', true],
        ['r', 'requirements.txt'],
        ['index-url', 'https://x/simple'],
      ],
      positionals: ['install'],
    },
    {
      text: 'pip install -rrequirements.txt',
      valueFlags: ['r'],
      flags: [['r', 'requirements.txt']],
      positionals: ['install'],
    },
    {
      text: 'tar -xzf archive.tgz -C /opt',
      valueFlags: ['f', 'C'],
      flags: [
        ['x', true],
        ['z', true],
        ['f', 'archive.tgz'],
        ['C', '/opt'],
      ],
      positionals: [],
    },
    {
      text: 'npm install --prefix /app --save-dev typescript',
      valueFlags: ['prefix'],
      flags: [
        ['prefix', '/app'],
        ['save-dev', true],
      ],
      positionals: ['install', 'typescript'],
    },
    {
      text: 'npm install --prefix /app typescript',
      flags: [['prefix', true]],
      positionals: ['install', '/app', 'typescript'],
    },
    {
      text: 'rm -rf -- -weird-name "$DIR" -',
      flags: [
        ['r', true],
        ['f', true],
      ],
      positionals: ['-weird-name', null, '-'],
    },
    {
      text: 'curl -fsSL -o /tmp/x "$URL"',
      valueFlags: ['o'],
      flags: [
        ['f', true],
        ['s', true],
        ['S', true],
        ['L', true],
        ['o', '/tmp/x'],
      ],
      positionals: [null],
    },
    {
      text: 'yum -y -q install x',
      flags: [
        ['y', true],
        ['q', true],
      ],
      positionals: ['install', 'x'],
    },
    {
      text: 'pip install -r',
      valueFlags: ['r'],
      flags: [['r', true]],
      positionals: ['install'],
    },
  ];

  it.each(cases)('$text', ({ text, valueFlags, flags, positionals }) => {
    const parsed = parseArgs(only(text), valueFlags);
    expect([...parsed.flags]).toEqual(flags);
    expect(parsed.positionals.map((word) => word.value)).toEqual(positionals);
  });

  it('keeps positionals as words with their positions', () => {
    const { positionals } = parseArgs(only('apt-get -y install curl'));
    expect(positionals.map((word) => [word.raw, word.range.start.column, word.range.end.column])).toEqual([
      ['install', 12, 19],
      ['curl', 20, 24],
    ]);
  });
});

describe('subcommand', () => {
  const cases: { text: string; valueFlags?: string[]; expected: string | null }[] = [
    { text: 'apt-get -y install curl', expected: 'install' },
    { text: 'pip -q install x', expected: 'install' },
    { text: 'sudo -E pip3 --disable-pip-version-check install torch', expected: 'install' },
    { text: 'apt-get -o Acquire::Retries=3 update', valueFlags: ['o'], expected: 'update' },
    { text: 'apt-get -o Acquire::Retries=3 update', expected: 'Acquire::Retries=3' },
    { text: 'npm --prefix /app ci', valueFlags: ['prefix'], expected: 'ci' },
    { text: 'pip --version', expected: null },
    { text: 'pip "$ACTION" x', expected: null },
  ];

  it.each(cases)('$text → $expected', ({ text, valueFlags, expected }) => {
    expect(subcommand(only(text), valueFlags)).toBe(expected);
  });
});

describe('hasFlag and flagValue', () => {
  it('finds flags in clusters and long forms', () => {
    const install = only('apt-get install -qy --no-install-recommends curl');
    expect(hasFlag(install, 'y')).toBe(true);
    expect(hasFlag(install, 'assume-yes', 'y')).toBe(true);
    expect(hasFlag(install, 'no-install-recommends')).toBe(true);
    expect(hasFlag(install, 'assume-yes')).toBe(false);
    expect(hasFlag(install, 'curl')).toBe(false);
  });

  it('ignores flag-like words after --', () => {
    expect(hasFlag(only('pip install -- -y'), 'y')).toBe(false);
  });

  it('reads values in every form', () => {
    expect(flagValue(only('pip install -r requirements.txt'), 'r')).toBe('requirements.txt');
    expect(flagValue(only('pip install -rreq.txt'), 'r')).toBe('req.txt');
    expect(flagValue(only('pip install --requirement=req.txt'), 'requirement')).toBe('req.txt');
    expect(flagValue(only('pip install --requirement req.txt'), 'requirement')).toBe('req.txt');
    expect(flagValue(only('wget -qO- https://x'), 'O')).toBe('-');
    expect(flagValue(only('pip install --user x'), 'user', [])).toBe(true);
    expect(flagValue(only('pip install x'), 'r')).toBeUndefined();
  });

  it('lets the last repeated flag win', () => {
    expect(flagValue(only('docker run -e A=1 -e B=2 img'), 'e')).toBe('B=2');
  });
});

describe('pipedInto', () => {
  it('finds the next command of the same pipeline', () => {
    const script = parse('curl -fsSL https://x/install.sh | sudo bash -s -- -y && echo done | tee log');
    const [curl, bash, echo, tee] = script.commands;
    if (curl === undefined || bash === undefined || echo === undefined || tee === undefined) throw new Error('4 commands');
    expect(pipedInto(script, curl)).toBe(bash);
    expect(bash.program).toBe('bash');
    expect(bash.wrappers).toEqual(['sudo']);
    expect(pipedInto(script, bash)).toBeNull();
    expect(pipedInto(script, echo)).toBe(tee);
  });

  it('returns null outside a pipeline and when the next element is not a simple command', () => {
    const script = parse('wget -O - https://x | (cd /tmp && sh)\napt-get update');
    const [wget, cd, sh, aptGet] = script.commands;
    if (wget === undefined || cd === undefined || sh === undefined || aptGet === undefined) throw new Error('4 commands');
    expect(pipedInto(script, wget)).toBeNull();
    expect(pipedInto(script, aptGet)).toBeNull();
    expect(pipedInto(script, sh)).toBeNull();
  });

  it('follows pipes across a line continuation', () => {
    const script = parse('curl -sL https://x \\\n  | tar -xz -C /opt \\\n  | cat');
    const [curl, tar, cat] = script.commands;
    if (curl === undefined || tar === undefined || cat === undefined) throw new Error('3 commands');
    expect(pipedInto(script, curl)).toBe(tar);
    expect(pipedInto(script, tar)).toBe(cat);
    expect(tar.range.start).toEqual({ line: 2, column: 5 });
  });
});
