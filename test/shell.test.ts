import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellCommand, ShellScript } from '../src/project/model.js';
import { findShellWasm, initShellParser, parseShell, parseShellMapped } from '../src/project/shell.js';
import { type Range, SourceFile } from '../src/source.js';

const span = (range: Range): string =>
  `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;

interface Expected {
  at: string;
  name: string | null;
  args: (string | null)[];
  wrappers?: string[];
  pipeline?: [id: number, index: number, length: number];
  inFunction?: string;
}

function summarise(command: ShellCommand): Expected {
  const summary: Expected = {
    at: span(command.range),
    name: command.name,
    args: command.args.map((arg) => arg.value),
  };
  if (command.wrappers.length > 0) summary.wrappers = command.wrappers;
  if (command.pipeline !== null) summary.pipeline = [command.pipeline.id, command.pipeline.index, command.pipeline.length];
  if (command.inFunction !== null) summary.inFunction = command.inFunction;
  return summary;
}

function parse(text: string): ShellScript {
  return parseShell(text, new SourceFile('build.sh', text), 0);
}

function errorsOf(script: ShellScript): string[] {
  return script.errors.map((error) => `${span(error.location.range)} ${error.message}`);
}

it('refuses to parse before initShellParser() resolved', () => {
  expect(() => parse('true')).toThrow('parseShell() was called before initShellParser() resolved');
});

describe('findShellWasm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-wasm-'));
  const bundleUrl = pathToFileURL(join(dir, 'cli.js')).href;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('falls back to the installed packages when nothing sits beside the module', () => {
    // A module in a directory of this project without copies: resolution walks up to node_modules.
    const files = findShellWasm(new URL('../no-such-dist/cli.js', import.meta.url).href);
    expect(files.runtime.replaceAll('\\', '/')).toMatch(/\/node_modules\/web-tree-sitter\/web-tree-sitter\.wasm$/);
    expect(files.grammar.replaceAll('\\', '/')).toMatch(/\/node_modules\/tree-sitter-bash\/tree-sitter-bash\.wasm$/);
    expect(files.syntaxChecker.replaceAll('\\', '/')).toMatch(/\/node_modules\/sh-syntax\/main\.wasm$/);
  });

  it('prefers the files copied next to the bundle', () => {
    writeFileSync(join(dir, 'web-tree-sitter.wasm'), '');
    writeFileSync(join(dir, 'tree-sitter-bash.wasm'), '');
    writeFileSync(join(dir, 'sh-syntax.wasm'), '');
    expect(findShellWasm(bundleUrl)).toEqual({
      runtime: join(dir, 'web-tree-sitter.wasm'),
      grammar: join(dir, 'tree-sitter-bash.wasm'),
      syntaxChecker: join(dir, 'sh-syntax.wasm'),
    });
  });

  it('says clearly which file is missing', () => {
    const nowhere = (): never => {
      throw new Error('not found');
    };
    const call = () => findShellWasm(pathToFileURL(join(dir, 'sub', 'cli.js')).href, () => false, nowhere);
    expect(call).toThrow(/cannot load the shell parser: web-tree-sitter\.wasm is neither next to .* nor resolvable as web-tree-sitter\/web-tree-sitter\.wasm/);
  });
});

describe('parseShell', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  it('memoises initialisation', async () => {
    const first = initShellParser();
    expect(initShellParser()).toBe(first);
    await first;
  });

  const cases: { title: string; text: string; commands: Expected[] }[] = [
    {
      title: 'apt-get with && and backslash-newline continuations',
      text: [
        'apt-get update && apt-get install -y --no-install-recommends \\',
        '    curl \\',
        '    ca-certificates \\',
        '  && rm -rf /var/lib/apt/lists/*',
      ].join('\n'),
      commands: [
        { at: '1:1-1:15', name: 'apt-get', args: ['update'] },
        {
          at: '1:19-3:20',
          name: 'apt-get',
          args: ['install', '-y', '--no-install-recommends', 'curl', 'ca-certificates'],
        },
        { at: '4:6-4:33', name: 'rm', args: ['-rf', '/var/lib/apt/lists/*'] },
      ],
    },
    {
      title: '[ ] is the command [ with its operands; [[ ]] is syntax, no command',
      text: 'if [ -f requirements.txt ]; then pip install -r requirements.txt; fi; [[ -f x ]]',
      commands: [
        { at: '1:4-1:27', name: '[', args: ['-f', 'requirements.txt'] },
        { at: '1:34-1:65', name: 'pip', args: ['install', '-r', 'requirements.txt'] },
      ],
    },
    {
      title: 'function body, sudo with a flag, and the call',
      text: 'setup() { sudo -E pip3 install torch; }\nsetup',
      commands: [
        { at: '1:11-1:37', name: 'pip3', args: ['install', 'torch'], wrappers: ['sudo'], inFunction: 'setup' },
        { at: '2:1-2:6', name: 'setup', args: [] },
      ],
    },
    {
      title: 'curl piped into bash',
      text: 'curl -fsSL https://x/install.sh | bash -',
      commands: [
        { at: '1:1-1:32', name: 'curl', args: ['-fsSL', 'https://x/install.sh'], pipeline: [0, 0, 2] },
        { at: '1:35-1:41', name: 'bash', args: ['-'], pipeline: [0, 1, 2] },
      ],
    },
    {
      title: 'wget piped into sh -s',
      text: 'wget -qO- https://x | sh -s -- -y',
      commands: [
        { at: '1:1-1:20', name: 'wget', args: ['-qO-', 'https://x'], pipeline: [0, 0, 2] },
        { at: '1:23-1:34', name: 'sh', args: ['-s', '--', '-y'], pipeline: [0, 1, 2] },
      ],
    },
    {
      title: 'sh -c script parsed, positions inside the string',
      text: 'sh -c "npm ci && npm run build"',
      commands: [
        { at: '1:8-1:14', name: 'npm', args: ['ci'], wrappers: ['sh -c'] },
        { at: '1:18-1:31', name: 'npm', args: ['run', 'build'], wrappers: ['sh -c'] },
      ],
    },
    {
      title: 'env assignments and a command substitution',
      text: 'env CC=gcc FOO=1 make -j$(nproc)',
      commands: [
        { at: '1:1-1:33', name: 'make', args: [null], wrappers: ['env'] },
        { at: '1:27-1:32', name: 'nproc', args: [] },
      ],
    },
    {
      title: 'xargs with an attached flag value and an input redirect',
      text: 'xargs -n1 pip install < reqs',
      commands: [{ at: '1:1-1:22', name: 'pip', args: ['install'], wrappers: ['xargs'] }],
    },
    {
      title: 'single-quoted glob argument',
      text: "find . -name '*.pyc' -delete",
      commands: [{ at: '1:1-1:29', name: 'find', args: ['.', '-name', '*.pyc', '-delete'] }],
    },
    {
      title: 'for loop body with an expansion',
      text: 'for p in a b; do pip install "$p"; done',
      commands: [{ at: '1:18-1:34', name: 'pip', args: ['install', null] }],
    },
    {
      title: 'python -m pip stays python (the vocabulary decides about -m)',
      text: 'python -m pip install --no-cache-dir -r requirements.txt',
      commands: [
        {
          at: '1:1-1:57',
          name: 'python',
          args: ['-m', 'pip', 'install', '--no-cache-dir', '-r', 'requirements.txt'],
        },
      ],
    },
    {
      title: "heredoc fed to bash is parsed as shell; one fed to python3 is data but runs its $( )",
      text: [
        "bash <<'EOF'",
        'set -e',
        'apt-get update',
        'EOF',
        'python3 - <<EOF',
        'import os',
        'print("$(date)")',
        'EOF',
      ].join('\n'),
      commands: [
        { at: '1:1-1:5', name: 'bash', args: [] },
        { at: '2:1-2:7', name: 'set', args: ['-e'], wrappers: ['sh <<'] },
        { at: '3:1-3:15', name: 'apt-get', args: ['update'], wrappers: ['sh <<'] },
        { at: '5:1-5:8', name: 'python3', args: ['-'] },
        { at: '7:10-7:14', name: 'date', args: [] },
      ],
    },
    {
      title: '<<- heredoc to sudo sh -s, and a cat heredoc piped into sh',
      text: ['sudo sh -s <<-X', '\tpip install a', '\tX', 'cat <<EOF | sh', 'npm ci', 'EOF'].join('\n'),
      commands: [
        { at: '1:1-1:11', name: 'sh', args: ['-s'], wrappers: ['sudo'] },
        { at: '2:2-2:15', name: 'pip', args: ['install', 'a'], wrappers: ['sudo', 'sh <<'] },
        { at: '4:1-4:4', name: 'cat', args: [], pipeline: [0, 0, 2] },
        { at: '4:13-4:15', name: 'sh', args: [], pipeline: [0, 1, 2] },
        { at: '5:1-5:7', name: 'npm', args: ['ci'], wrappers: ['sh <<'] },
      ],
    },
    {
      title: 'heredoc after && goes to the last command (tree-sitter hangs it on the list)',
      text: ['cd /app && bash <<EOF', 'make install', 'EOF', 'cd /b && cat <<EOF > f', 'make x', 'EOF'].join('\n'),
      commands: [
        { at: '1:1-1:8', name: 'cd', args: ['/app'] },
        { at: '1:12-1:16', name: 'bash', args: [] },
        { at: '2:1-2:13', name: 'make', args: ['install'], wrappers: ['sh <<'] },
        { at: '4:1-4:6', name: 'cd', args: ['/b'] },
        { at: '4:10-4:13', name: 'cat', args: [] },
      ],
    },
    {
      title: 'CRLF line endings',
      text: 'set -e\r\napt-get update\r\nif true; then\r\n  pip install \\\r\n    x\r\nfi\r\n',
      commands: [
        { at: '1:1-1:7', name: 'set', args: ['-e'] },
        { at: '2:1-2:15', name: 'apt-get', args: ['update'] },
        { at: '3:4-3:8', name: 'true', args: [] },
        { at: '4:3-5:6', name: 'pip', args: ['install', 'x'] },
      ],
    },
    {
      title: 'pipelines: tree-sitter nests `a | b | c && d | e`; bash does not',
      text: 'a | b | c && d | e\n! f |& g',
      commands: [
        { at: '1:1-1:2', name: 'a', args: [], pipeline: [0, 0, 3] },
        { at: '1:5-1:6', name: 'b', args: [], pipeline: [0, 1, 3] },
        { at: '1:9-1:10', name: 'c', args: [], pipeline: [0, 2, 3] },
        { at: '1:14-1:15', name: 'd', args: [], pipeline: [1, 0, 2] },
        { at: '1:18-1:19', name: 'e', args: [], pipeline: [1, 1, 2] },
        { at: '2:3-2:4', name: 'f', args: [], pipeline: [2, 0, 2] },
        { at: '2:8-2:9', name: 'g', args: [], pipeline: [2, 1, 2] },
      ],
    },
    {
      title: 'a pipeline element that is a loop counts but is not a command',
      text: 'ls | while read -r f; do rm "$f"; done | tee log',
      commands: [
        { at: '1:1-1:3', name: 'ls', args: [], pipeline: [0, 0, 3] },
        { at: '1:12-1:21', name: 'read', args: ['-r', 'f'] },
        { at: '1:26-1:33', name: 'rm', args: [null] },
        { at: '1:42-1:49', name: 'tee', args: ['log'], pipeline: [0, 2, 3] },
      ],
    },
    {
      title: 'substitutions everywhere: $( ), backticks, <( ), assignments, [[ ]], arithmetic',
      text: 'X=$(a) b `c` <(d)\n[[ -n $(e) ]] && echo $(( 1 + $(f) ))\nlocal y=$(g)',
      commands: [
        { at: '1:1-1:18', name: 'b', args: [null, null] },
        { at: '1:5-1:6', name: 'a', args: [] },
        { at: '1:11-1:12', name: 'c', args: [] },
        { at: '1:16-1:17', name: 'd', args: [] },
        { at: '2:9-2:10', name: 'e', args: [] },
        { at: '2:18-2:38', name: 'echo', args: [null] },
        { at: '2:33-2:34', name: 'f', args: [] },
        { at: '3:1-3:13', name: 'local', args: [null] },
        { at: '3:11-3:12', name: 'g', args: [] },
      ],
    },
    {
      title: 'subshells, groups, case and while',
      text: [
        '(cd /src && make) || { echo failed; exit 1; }',
        'case "$1" in',
        '  build|-b) make build ;;',
        '  *) usage ;;',
        'esac',
        'while read -r line; do echo "$line"; done < <(cat file)',
      ].join('\n'),
      commands: [
        { at: '1:2-1:9', name: 'cd', args: ['/src'] },
        { at: '1:13-1:17', name: 'make', args: [] },
        { at: '1:24-1:35', name: 'echo', args: ['failed'] },
        { at: '1:37-1:43', name: 'exit', args: ['1'] },
        { at: '3:13-3:23', name: 'make', args: ['build'] },
        { at: '4:6-4:11', name: 'usage', args: [] },
        { at: '6:7-6:19', name: 'read', args: ['-r', 'line'] },
        { at: '6:24-6:36', name: 'echo', args: [null] },
        { at: '6:47-6:55', name: 'cat', args: ['file'] },
      ],
    },
    {
      title: 'nested functions: the innermost name wins',
      text: 'outer() {\n  inner() { pip install x; }\n  npm ci\n}',
      commands: [
        { at: '2:13-2:26', name: 'pip', args: ['install', 'x'], inFunction: 'inner' },
        { at: '3:3-3:9', name: 'npm', args: ['ci'], inFunction: 'outer' },
      ],
    },
    {
      title: 'extglob is not a syntax error and leaves no phantom commands',
      text: 'shopt -s extglob\nrm -rf !(*.tmp|keep)\nfor ((i=0;i<2;i++)); do echo $i; done',
      commands: [
        { at: '1:1-1:17', name: 'shopt', args: ['-s', 'extglob'] },
        { at: '2:1-2:21', name: 'rm', args: ['-rf', '!(*.tmp|keep)'] },
        { at: '3:25-3:32', name: 'echo', args: [null] },
      ],
    },
    {
      title: 'coproc with a compound command',
      text: 'coproc worker { sleep 1; }\ncoproc tail -f log',
      commands: [
        { at: '1:17-1:24', name: 'sleep', args: ['1'] },
        { at: '2:1-2:19', name: 'tail', args: ['-f', 'log'], wrappers: ['coproc'] },
      ],
    },
    {
      title: 'a three-stage pipeline does not swallow the next lines (tree-sitter-bash#347)',
      text: 'printf x | sort -u | head -n1\necho $"translated"\nmapfile -t lines < file',
      commands: [
        { at: '1:1-1:9', name: 'printf', args: ['x'], pipeline: [0, 0, 3] },
        { at: '1:12-1:19', name: 'sort', args: ['-u'], pipeline: [0, 1, 3] },
        { at: '1:22-1:30', name: 'head', args: ['-n1'], pipeline: [0, 2, 3] },
        { at: '2:1-2:19', name: 'echo', args: ['translated'] },
        { at: '3:1-3:17', name: 'mapfile', args: ['-t', 'lines'] },
      ],
    },
    {
      title: 'words tree-sitter gives to a redirect belong to the command',
      text: 'grep 2>/dev/null -q pattern /etc/shells\ncat - <<EOF\nx\nEOF',
      commands: [
        { at: '1:1-1:5', name: 'grep', args: ['-q', 'pattern', '/etc/shells'] },
        { at: '2:1-2:4', name: 'cat', args: ['-'] },
      ],
    },
    {
      title: 'export, unset and an escaped or absolute command name',
      text: 'export PATH="/opt/bin:$PATH" LANG=C.UTF-8\nunset A B\n\\pip install x\n/usr/local/bin/pip3 list',
      commands: [
        { at: '1:1-1:42', name: 'export', args: [null, 'LANG=C.UTF-8'] },
        { at: '2:1-2:10', name: 'unset', args: ['A', 'B'] },
        { at: '3:1-3:15', name: 'pip', args: ['install', 'x'] },
        { at: '4:1-4:25', name: '/usr/local/bin/pip3', args: ['list'] },
      ],
    },
    {
      title: 'empty and comment-only text',
      text: '# setup\n\n   \n',
      commands: [],
    },
    {
      title: 'an entrypoint script',
      text: [
        '#!/bin/sh',
        'set -e',
        'if ! command -v pip >/dev/null 2>&1; then echo missing >&2; fi',
        'exec > >(tee -a /var/log/app.log) 2>&1',
        '[ "$(id -u)" = 0 ] && exec gosu app python app.py',
      ].join('\n'),
      commands: [
        { at: '2:1-2:7', name: 'set', args: ['-e'] },
        { at: '3:6-3:20', name: 'command', args: ['-v', 'pip'] },
        { at: '3:43-3:55', name: 'echo', args: ['missing'] },
        { at: '4:1-4:5', name: 'exec', args: [] },
        { at: '4:10-4:33', name: 'tee', args: ['-a', '/var/log/app.log'] },
        { at: '5:1-5:19', name: '[', args: [null, '=', '0'] },
        { at: '5:6-5:11', name: 'id', args: ['-u'] },
        { at: '5:23-5:50', name: 'python', args: ['app.py'], wrappers: ['exec', 'gosu'] },
      ],
    },
    {
      title: 'a dynamic command name',
      text: 'exec "$@"\n$CMD --flag',
      commands: [
        { at: '1:1-1:10', name: null, args: [], wrappers: ['exec'] },
        { at: '2:1-2:12', name: null, args: ['--flag'] },
      ],
    },
  ];

  it.each(cases)('$title', ({ text, commands }) => {
    const script = parse(text);
    expect(script.commands.map(summarise)).toEqual(commands);
    expect(script.errors).toEqual([]);
  });

  it('sets program to the basename of the name', () => {
    const [command] = parse('/usr/local/bin/pip3 install x').commands;
    expect(command?.name).toBe('/usr/local/bin/pip3');
    expect(command?.program).toBe('pip3');
    expect(parse('"$PY" -m pip').commands[0]?.program).toBeNull();
  });

  it('keeps each word as written and its literal value', () => {
    const text = `echo plain 'single q' "double \\"q\\" \\$x" a\\ b "$HOME" foo"bar"'baz' $'tab\\there' '' -j$(nproc) ~/x`;
    const [echo] = parse(text).commands;
    expect(echo?.args.map((arg) => [arg.raw, arg.value])).toEqual([
      ['plain', 'plain'],
      ["'single q'", 'single q'],
      ['"double \\"q\\" \\$x"', 'double "q" $x'],
      ['a\\ b', 'a b'],
      ['"$HOME"', null],
      [`foo"bar"'baz'`, 'foobarbaz'],
      ["$'tab\\there'", 'tab\there'],
      ["''", ''],
      ['-j$(nproc)', null],
      ['~/x', '~/x'],
    ]);
    expect(echo?.args.map((arg) => span(arg.range)).slice(0, 3)).toEqual(['1:6-1:11', '1:12-1:22', '1:23-1:41']);
  });

  describe('wrappers', () => {
    const wrapperCases: { text: string; name: string | null; args: string[]; wrappers: string[] }[] = [
      { text: 'sudo -u app -H pip install x', name: 'pip', args: ['install', 'x'], wrappers: ['sudo'] },
      { text: 'sudo -E env -i -u HOME PATH=/bin npm ci', name: 'npm', args: ['ci'], wrappers: ['sudo', 'env'] },
      { text: 'sudo --user=app -- make', name: 'make', args: [], wrappers: ['sudo'] },
      { text: 'sudo -l', name: 'sudo', args: ['-l'], wrappers: [] },
      { text: 'command pip install x', name: 'pip', args: ['install', 'x'], wrappers: ['command'] },
      { text: 'command -v pip', name: 'command', args: ['-v', 'pip'], wrappers: [] },
      { text: 'exec -a name node server.js', name: 'node', args: ['server.js'], wrappers: ['exec'] },
      { text: 'nohup python app.py', name: 'python', args: ['app.py'], wrappers: ['nohup'] },
      { text: 'time -p make -j4', name: 'make', args: ['-j4'], wrappers: ['time'] },
      { text: 'nice -n 10 ionice -c2 -n7 tar czf a.tgz .', name: 'tar', args: ['czf', 'a.tgz', '.'], wrappers: ['nice', 'ionice'] },
      { text: 'nice -19 make', name: 'make', args: [], wrappers: ['nice'] },
      { text: 'ionice -c3 -p 42', name: 'ionice', args: ['-c3', '-p', '42'], wrappers: [] },
      { text: 'timeout --signal=KILL -k 5 5m npm test', name: 'npm', args: ['test'], wrappers: ['timeout'] },
      { text: 'xargs -0 -r -I {} rm -f {}', name: 'rm', args: ['-f', '{}'], wrappers: ['xargs'] },
      { text: 'xargs -n 1 -P4 pip download', name: 'pip', args: ['download'], wrappers: ['xargs'] },
      { text: 'xargs', name: 'xargs', args: [], wrappers: [] },
      { text: 'stdbuf -oL -e 0 python -u app.py', name: 'python', args: ['-u', 'app.py'], wrappers: ['stdbuf'] },
      { text: 'gosu app "$@"', name: null, args: [], wrappers: ['gosu'] },
      { text: 'su-exec app:app node index.js', name: 'node', args: ['index.js'], wrappers: ['su-exec'] },
      { text: "su - app -c 'pip install --user x'", name: 'pip', args: ['install', '--user', 'x'], wrappers: ['su -c'] },
      { text: 'su app', name: 'su', args: ['app'], wrappers: [] },
      { text: "bash -lc 'conda install -y x'", name: 'conda', args: ['install', '-y', 'x'], wrappers: ['sh -c'] },
      { text: 'bash -euo pipefail -c "make"', name: 'make', args: [], wrappers: ['sh -c'] },
      { text: 'sudo bash -xc "npm ci"', name: 'npm', args: ['ci'], wrappers: ['sudo', 'sh -c'] },
      { text: 'dash -c pwd', name: 'pwd', args: [], wrappers: ['sh -c'] },
      { text: 'bash script.sh --flag', name: 'bash', args: ['script.sh', '--flag'], wrappers: [] },
      { text: 'sh -c "$CMD"', name: null, args: [], wrappers: ['sh -c'] },
      { text: 'FOO=1 BAR=2 pip install x', name: 'pip', args: ['install', 'x'], wrappers: [] },
    ];

    it.each(wrapperCases)('$text', ({ text, name, args, wrappers }) => {
      const script = parse(text);
      expect(script.commands.map((command) => [command.name, command.args.map((arg) => arg.value), command.wrappers])).toEqual([
        [name, args, wrappers],
      ]);
      expect(script.errors).toEqual([]);
    });

    it('maps a script string with escapes to the whole string', () => {
      const script = parse('RUN_IT=1 bash -c "echo \\"hi\\" && pip install x"');
      expect(script.commands.map((command) => [command.name, command.args.map((arg) => arg.value), span(command.range)])).toEqual([
        ['echo', ['hi'], '1:18-1:48'],
        ['pip', ['install', 'x'], '1:18-1:48'],
      ]);
      expect(script.commands[1]?.args.map((arg) => span(arg.range))).toEqual(['1:18-1:48', '1:18-1:48']);
    });

    it('parses sh -c inside sh -c, in source order with later substitutions', () => {
      const script = parse(`sh -c 'bash -c "apt-get update" && echo ok' $(whoami)`);
      expect(script.commands.map((command) => [command.name, command.wrappers, span(command.range)])).toEqual([
        ['apt-get', ['sh -c', 'sh -c'], '1:17-1:31'],
        ['echo', ['sh -c'], '1:36-1:43'],
        ['whoami', [], '1:47-1:53'],
      ]);
    });
  });

  describe('syntax errors', () => {
    const errorCases: { text: string; errors: string[]; names: string[] }[] = [
      {
        text: 'if true; then echo; fi; fi\napt-get update',
        errors: ['1:25-1:27 shell syntax error: unexpected `fi`'],
        names: ['true', 'echo', 'apt-get'],
      },
      {
        text: 'for x in a b; do\n  pip install $x',
        errors: ['1:1-1:4 shell syntax error: missing `done`'],
        names: ['pip'],
      },
      {
        text: 'apt-get update &&\n  apt-get install -y curl && ; echo',
        errors: ['2:30-2:31 shell syntax error: unexpected `;`'],
        names: ['apt-get', 'apt-get', 'echo'],
      },
      { text: 'make &&', errors: ['1:6-1:8 shell syntax error: missing command after `&&`'], names: ['make'] },
      { text: 'echo "unterminated', errors: ['1:6-1:7 shell syntax error: missing closing `"`'], names: ['echo'] },
      { text: "echo 'x", errors: ["1:6-1:8 shell syntax error: missing closing `'`"], names: ['echo'] },
      { text: '{ a; ', errors: ['1:1-1:2 shell syntax error: missing `}`'], names: ['a'] },
      { text: 'echo $(date', errors: ['1:12-1:12 shell syntax error: missing `)`'], names: ['echo', 'date'] },
      { text: 'then echo', errors: ['1:1-1:5 shell syntax error: unexpected `then`'], names: [] },
      { text: 'sh -c "if true; then"', errors: ['1:21-1:21 shell syntax error: missing `fi`'], names: ['true'] },
    ];

    it.each(errorCases)('$text', ({ text, errors, names }) => {
      const script = parse(text);
      expect(errorsOf(script)).toEqual(errors);
      expect(script.commands.map((command) => command.name)).toEqual(names);
    });

    it('reports errors with the file path', () => {
      const text = 'x\nfi';
      const script = parseShell(text, new SourceFile('scripts/setup.sh', text), 0);
      expect(script.errors.map((error) => error.location.file)).toEqual(['scripts/setup.sh']);
    });
  });

  it('reports no error for a realistic set of valid RUN lines', () => {
    const runs = [
      'apt-get update && apt-get install -y --no-install-recommends build-essential git && rm -rf /var/lib/apt/lists/*',
      'set -eux; \\\n  savedAptMark="$(apt-mark showmanual)"; \\\n  apt-get update; \\\n  apt-mark auto \'.*\' > /dev/null; \\\n  [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark',
      'curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs',
      'pip install --no-cache-dir -r requirements.txt',
      'python -m venv /opt/venv && . /opt/venv/bin/activate && pip install -U pip',
      'npm ci --omit=dev && npm cache clean --force',
      'groupadd -r app && useradd --no-log-init -r -g app app',
      'mkdir -p /app/{data,logs} && chown -R app:app /app',
      'if [ "$TARGETARCH" = "arm64" ]; then ARCH=aarch64; else ARCH=x86_64; fi; echo "$ARCH" > /arch',
      'wget -qO- "https://github.com/x/y/releases/download/v${VERSION}/y-${VERSION}.tar.gz" | tar -xz -C /usr/local/bin',
      'for f in /docker-entrypoint.d/*.sh; do [ -x "$f" ] && "$f"; done',
      'echo "deb [signed-by=/usr/share/keyrings/k.gpg] https://x stable main" | tee /etc/apt/sources.list.d/x.list > /dev/null',
      'find / -xdev -perm /6000 -type f -exec chmod a-s {} \\; || true',
      'case "$(uname -m)" in x86_64) A=amd64;; aarch64) A=arm64;; *) exit 1;; esac && curl -o /bin/t "https://x/$A"',
      'cd /tmp && ./configure --prefix=/usr/local && make -j"$(nproc)" && make install && cd / && rm -rf /tmp/*',
      'echo \'{"a": 1}\' > /etc/conf.json && jq . /etc/conf.json',
      'ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
      'test -n "${GID:-}" && groupmod -g "$GID" app || :',
      "sed -i -e 's/^#\\(en_US.UTF-8\\)/\\1/' /etc/locale.gen && locale-gen",
      'export DEBIAN_FRONTEND=noninteractive && apt-get -qq update',
      'useradd -m -s /bin/bash dev && echo "dev ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers',
      '(crontab -l 2>/dev/null; echo "*/5 * * * * /run.sh") | crontab -',
      'arr=(a b c); for i in "${arr[@]}"; do echo "$i"; done',
      'printf "%s\\n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > /build-date',
    ];
    for (const run of runs) {
      expect({ run, errors: errorsOf(parse(run)) }).toEqual({ run, errors: [] });
    }
  });

  it('maps positions of a slice at a non-zero base offset into the larger file', () => {
    const dockerfile = [
      'FROM python:3.12',
      'WORKDIR /app',
      'RUN apt-get update && \\',
      '    pip install \\',
      '      -r requirements.txt',
      'CMD ["python"]',
    ].join('\n');
    const source = new SourceFile('Dockerfile', dockerfile);
    const baseOffset = dockerfile.indexOf('apt-get');
    const end = dockerfile.indexOf('\nCMD');
    const script = parseShell(dockerfile.slice(baseOffset, end), source, baseOffset);
    expect(script.commands.map((command) => [command.name, span(command.range)])).toEqual([
      ['apt-get', '3:5-3:19'],
      ['pip', '4:5-5:26'],
    ]);
    expect(script.commands[1]?.args.map((arg) => [arg.value, span(arg.range)])).toEqual([
      ['install', '4:9-4:16'],
      ['-r', '5:7-5:9'],
      ['requirements.txt', '5:10-5:26'],
    ]);
  });

  it('accepts blanked comment lines inside a continuation', () => {
    const text = 'apt-get install -y \\\n                 \\\n    curl';
    const [install] = parse(text).commands;
    expect(install?.args.map((arg) => arg.value)).toEqual(['install', '-y', 'curl']);
    expect(span(install?.range ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } })).toBe('1:1-3:9');
  });

  it('counts UTF-16 columns after non-ASCII text', () => {
    const [, second] = parse('echo "é😀" && pip install x').commands;
    expect(second?.range).toEqual({ start: { line: 1, column: 15 }, end: { line: 1, column: 28 } });
  });

  it('gives unique pipeline ids across nested scripts', () => {
    const script = parse('a | b\nsh -c "c | d"\ne | f');
    expect(script.commands.map((command) => [command.name, command.pipeline?.id ?? null])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1],
      ['d', 1],
      ['e', 2],
      ['f', 2],
    ]);
  });
});

describe('comments', () => {
  it('lists top-level comments with positions, not # inside strings or sh -c scripts', async () => {
    await initShellParser();
    const text = '#!/bin/sh\n# dockerlint-disable-next-line no-install-in-scripts -- bootstrap\npip install x # trailing\necho "# not a comment" \'#\' && sh -c "ls # inner"\n';
    const source = new SourceFile('setup.sh', text);
    const script = parseShell(text, source, 0);
    expect(script.comments.map(({ line, text: body, range }) => ({ line, body, column: range.start.column }))).toEqual([
      { line: 1, body: '!/bin/sh', column: 1 },
      { line: 2, body: ' dockerlint-disable-next-line no-install-in-scripts -- bootstrap', column: 1 },
      { line: 3, body: ' trailing', column: 15 },
    ]);
  });
});

describe('assignments', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  const summary = (text: string): string[] =>
    parse(text).assignments.map(
      (assignment) => `${span(assignment.range)} ${assignment.name}=${String(assignment.value)} value@${span(assignment.valueRange)} via ${String(assignment.via)}`,
    );

  it.each([
    ['a statement of its own', 'DOCKER_BUILDKIT=0', ['1:1-1:18 DOCKER_BUILDKIT=0 value@1:17-1:18 via null']],
    ['several in one statement', 'A=1 B=two', ['1:1-1:4 A=1 value@1:3-1:4 via null', '1:5-1:10 B=two value@1:7-1:10 via null']],
    ['a command prefix', 'DOCKER_BUILDKIT=0 docker build .', ['1:1-1:18 DOCKER_BUILDKIT=0 value@1:17-1:18 via command']],
    ['export with a quoted value', 'export DOCKER_BUILDKIT="0" X', ['1:8-1:27 DOCKER_BUILDKIT=0 value@1:24-1:27 via export']],
    ['declare -x', 'declare -x A=false', ['1:12-1:19 A=false value@1:14-1:19 via declare']],
    ['local in a function', 'f() { local X=1; }', ['1:13-1:16 X=1 value@1:15-1:16 via local']],
    ['an empty value', 'X=', ['1:1-1:3 X= value@1:3-1:3 via null']],
    ['an expansion', 'X=$(date)', ['1:1-1:10 X=null value@1:3-1:10 via null']],
    ['env passing one', 'env DOCKER_BUILDKIT=0 docker build .', ['1:5-1:22 DOCKER_BUILDKIT=0 value@1:21-1:22 via env']],
    ['sudo passing one, quoted', 'sudo "A=1" apt-get update', ['1:6-1:11 A=1 value@1:6-1:11 via sudo']],
    ['env passing one with a quoted value', "env A='x y' make", ["1:5-1:12 A=x y value@1:7-1:12 via env"]],
    ['env after a prefix, in source order', 'B=2 env -i A=1 make', ['1:1-1:4 B=2 value@1:3-1:4 via command', '1:12-1:15 A=1 value@1:14-1:15 via env']],
    ['inside sh -c', 'sh -c "COMPOSE_DOCKER_CLI_BUILD=0 docker-compose build"', ['1:8-1:34 COMPOSE_DOCKER_CLI_BUILD=0 value@1:33-1:34 via command']],
    ['not the arguments of a command', 'echo A=1 && make X=1', []],
  ])('%s', (_title, text, expected) => {
    expect(summary(text)).toEqual(expected);
  });

  it('maps through a custom offset map', () => {
    const source = new SourceFile('compose.yaml', 'command: >\n  X=1 run\n');
    const whole = source.range(9, source.text.length);
    const script = parseShellMapped('X=1 run', source, () => whole);
    expect(script.assignments.map((assignment) => assignment.range)).toEqual([whole]);
    expect(script.commands.map((command) => [command.name, command.range])).toEqual([['run', whole]]);
  });
});

describe('expansions of words', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  const expansionsOf = (text: string): string[] =>
    (parse(text).commands[0]?.words ?? []).flatMap((word) =>
      word.expansions.map((expansion) => `${word.raw}: ${String(expansion.parameter)}${expansion.quoted ? ' quoted' : ''} @${span(expansion.range)}`),
    );

  it.each([
    ['plain and braced parameters, unquoted', 'echo $x ${y}', ['$x: x @1:6-1:8', '${y}: y @1:9-1:13']],
    ['special parameters and positional ones', 'echo $@ $1 ${@:2} $#', ['$@: @ @1:6-1:8', '$1: 1 @1:9-1:11', '${@:2}: @ @1:12-1:18', '$#: # @1:19-1:21']],
    ['array elements, keys and length', 'echo ${a[@]} ${!a[@]} ${#a[@]}', ['${a[@]}: a[@] @1:6-1:13', '${!a[@]}: !a[@] @1:14-1:22', '${#a[@]}: null @1:23-1:31']],
    ['operators keep the name', 'echo ${x:-$y} ${x%.*}', ['${x:-$y}: x @1:6-1:14', '${x%.*}: x @1:15-1:22']],
    ['an alternate value is no value of the parameter', 'echo ${a[@]+"${a[@]}"} ${x:+y}', ['${a[@]+"${a[@]}"}: null @1:6-1:23', '${x:+y}: null @1:24-1:31']],
    ['double quotes quote, also inside a concatenation', 'echo "$@" a"$x"$y', ['"$@": @ quoted @1:7-1:9', 'a"$x"$y: x quoted @1:13-1:15', 'a"$x"$y: y @1:16-1:18']],
    ['substitutions, not what is inside them', 'echo $(cat $f) "$((1 + n))"', ['$(cat $f): null @1:6-1:15', '"$((1 + n))": null quoted @1:17-1:27']],
    ['the command name and wrappers count as words', 'exec $@', ['$@: @ @1:6-1:8']],
    ['none in single quotes or escaped', "echo '$x' \\$y", []],
  ])('%s', (_title, text, expected) => {
    expect(expansionsOf(text)).toEqual(expected);
  });

  it('reads words of a nested sh -c script relative to it', () => {
    expect(parse(`sh -c '[ $x = y ]'`).commands.flatMap((command) => command.words.flatMap((word) => word.expansions.map((e) => [e.parameter, e.quoted])))).toEqual([
      ['x', false],
    ]);
  });
});

describe('tested commands', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  const testedOf = (text: string): string[] => parse(text).commands.map((command) => `${command.name ?? '?'}${command.tested ? ' tested' : ''}`);

  it.each([
    ['the left of && and ||', 'cd a && make; cd b || exit 1', ['cd tested', 'make', 'cd tested', 'exit']],
    ['the right of && is not tested, unless the whole list is', 'true && cd a; true && cd b || exit', ['true tested', 'cd', 'true tested', 'cd tested', 'exit']],
    ['the last command of an if, elif, while or until condition', 'if cd a; then :; elif true; cd b; then :; fi; while cd c; do :; done; until cd d; do :; done', ['cd tested', ':', 'true', 'cd tested', ':', 'cd tested', ':', 'cd tested', ':']],
    ['inside a tested subshell or group', 'if (cd a; make); then :; fi; { cd b; } || exit', ['cd tested', 'make tested', ':', 'cd tested', 'exit']],
    ['not negation, a pipeline start, or a plain statement', '! cd a; cd b | cat; cd c', ['cd', 'cd', 'cat', 'cd']],
  ])('%s', (_title, text, expected) => {
    expect(testedOf(text)).toEqual(expected);
  });
});

describe('shell options set from outside', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  const optionsOf = (text: string, options?: string[]): string[] =>
    parseShell(text, new SourceFile('build.sh', text), 0, options).commands.map((command) => `${command.name ?? '?'}: ${command.shellOptions.join(',')}`);

  it.each([
    ['bash -o pipefail -c', `bash -o pipefail -c 'curl -fsSL x | tar -x'`, ['curl: pipefail', 'tar: pipefail']],
    ['a flag cluster', `sh -euo pipefail -c 'make'`, ['make: errexit,nounset,pipefail']],
    ['+o turns an option off', `bash -o pipefail +o pipefail -c 'make'`, ['make: ']],
    ['a shell reading a heredoc', 'sh -e <<EOF\nmake\nEOF', ['sh: ', 'make: errexit']],
    ['not inherited by a nested shell', `bash -e -c "sh -c 'make'"`, ['make: ']],
    ['the top level has none of its own', 'set -e; make', ['set: ', 'make: ']],
  ])('%s', (_title, text, expected) => {
    expect(optionsOf(text)).toEqual(expected);
  });

  it('gives the top level the options it is parsed with (a script’s shebang)', () => {
    expect(optionsOf('make', ['errexit'])).toEqual(['make: errexit']);
  });
});
