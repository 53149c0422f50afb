/**
 * The published package works where users install it: `npm pack`, install the tarball as a dev
 * dependency of a fresh project, and run `npx dockerlint` there as a real process. The package's name
 * (`dockerlint-policy`: `dockerlint` is someone else's) differs from its command, `dockerlint`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempTree, writeTree } from './helpers/tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const PACKAGE = 'dockerlint-policy';
/** The scripts npm runs when it installs a package (prepare too, for git and directory sources). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe('the packed package', () => {
  it('installs into a fresh project where npx dockerlint runs, lints and exits with the right codes', () => {
    const packDir = tempTree();
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as PackResult[];
    const [tarball] = packed;
    if (!tarball) throw new Error('npm pack produced nothing');
    const contents = tarball.files.map((file) => file.path);
    expect(contents).toEqual(expect.arrayContaining(['dist/bin.js', 'dist/lint.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-bash.wasm', 'dist/sh-syntax.wasm', 'dist/THIRD-PARTY-NOTICES.md', 'docs/rules/no-windows-paths.md', 'package.json', 'README.md']));
    expect(contents.filter((file) => /^(src|test|fixtures|backend)\//.test(file))).toEqual([]);

    const project = tempTree({
      'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
      'app/Dockerfile': 'FROM node:22-bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
      'app/.dockerignore': 'node_modules\n',
      // Valid bash that tree-sitter misreads, and a real syntax error: the bundled mvdan/sh tells them apart.
      'scripts/options.sh': 'while option="${arg:$index:1}"; do\n  index=$((index + 1))\ndone\n',
      'scripts/broken.sh': 'if true; then\n  echo yes\nfi fi\n',
    });
    const install = spawnSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', path.join(packDir, tarball.filename)], { cwd: project, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('install-scripts');
    const installed = JSON.parse(readFileSync(path.join(project, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as { name: string; version: string; scripts?: Record<string, string>; dependencies?: Record<string, string> };
    expect(installed.name).toBe(PACKAGE);
    expect(Object.keys(installed.scripts ?? {}).filter((script) => INSTALL_SCRIPTS.includes(script))).toEqual([]);
    // Everything is bundled: `npm install -g <directory>` links a clone without installing its dependencies.
    expect(installed.dependencies ?? {}).toEqual({});

    // A TypeScript consumer compiles against the shipped declarations: lint(), its result and finding
    // types and the formatters are there; the build-time internals are not, in the types or at run time.
    writeTree(project, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], strict: true, noEmit: true, types: [] }, files: ['consumer.ts'] }),
      'consumer.ts': [
        "import { formatJson, formatSarif, formatStylish, lint, type Finding, type LintResult } from 'dockerlint-policy';",
        '// @ts-expect-error the rules are an internal of the package',
        "import { rules } from 'dockerlint-policy';",
        '',
        'export async function errors(cwd: string): Promise<string> {',
        "  const result: LintResult = await lint({ cwd, paths: ['app'], ruleSeverities: new Map([['stage-layout', 'off']]) });",
        "  const failing: Finding[] = result.findings.filter((finding) => finding.severity === 'error');",
        "  // @ts-expect-error a severity is error, warning or info",
        "  const fatal: Finding['severity'] = 'fatal';",
        "  return [formatJson(failing), formatSarif(failing, { cwd }), formatStylish(failing, { cwd, color: false }), result.projects[0]?.root, fatal, rules].join('');",
        '}',
        '',
      ].join('\n'),
    });
    const compiled = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    expect(compiled.status, compiled.stdout + compiled.stderr).toBe(0);
    const exported = spawnSync(process.execPath, ['--input-type=module', '-e', "const api = await import('dockerlint-policy'); console.log(Object.keys(api).sort().join(' '))"], { cwd: project, encoding: 'utf8' });
    expect(exported.stdout.trim(), exported.stderr).toBe('formatCheckstyle formatCompact formatGithub formatGitlab formatJson formatJunit formatSarif formatStylish lint');

    // The package name runs its one command too: `npx <package>` and `npm exec <package>`.
    for (const command of [['npx', '--no-install', PACKAGE, '--version'], ['npm', 'exec', '--no', PACKAGE, '--', '--version']]) {
      const [program = '', ...args] = command;
      const run = spawnSync(program, args, { cwd: project, encoding: 'utf8' });
      expect(run.stdout.trim(), `${command.join(' ')}: ${run.stderr}`).toBe(installed.version);
    }

    const npx = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
      const result = spawnSync('npx', ['--no-install', 'dockerlint', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    expect(npx(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const lint = npx(['--format', 'json']);
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(1);
    const report = JSON.parse(lint.stdout) as { findings: { rule: string; file: string; line: number; column: number; message: string; docsUrl: string }[] };
    expect(report.findings.map((finding) => `${finding.rule} ${finding.file}`)).toContain('dockerignore-required app/.dockerignore');
    // Without a homepage, a finding's docs link is the page shipped inside the installed package.
    const docsPage = fileURLToPath(report.findings[0]?.docsUrl ?? '');
    expect(docsPage.startsWith(path.join(realpathSync(project), 'node_modules') + path.sep) && existsSync(docsPage), docsPage).toBe(true);
    expect(report.findings.filter((finding) => finding.rule === 'parse-error')).toEqual([
      expect.objectContaining({ file: 'scripts/broken.sh', line: 3, column: 4, message: 'shell syntax error: statements must be separated by &, ; or a newline' }),
    ]);

    // Unreadable entries are findings, not crashes, and the rest is still linted. Root reads everything,
    // so a root run drops to the unprivileged user `nobody` for this step.
    writeTree(project, { 'locked/Dockerfile': 'FROM x\n', 'app/Dockerfile.secret': 'FROM y\n' });
    chmodSync(project, 0o755);
    chmodSync(path.join(project, 'locked'), 0o000);
    chmodSync(path.join(project, 'app/Dockerfile.secret'), 0o000);
    const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const unreadable = spawnSync(process.execPath, [path.join(project, `node_modules/${PACKAGE}/dist/bin.js`), '--format', 'json'], {
      cwd: project,
      encoding: 'utf8',
      ...unprivileged,
    });
    chmodSync(path.join(project, 'locked'), 0o755);
    expect(unreadable.stderr).toBe('');
    expect(unreadable.status).toBe(1);
    const problems = (JSON.parse(unreadable.stdout) as { findings: { rule: string; file: string; message: string }[] }).findings;
    expect(problems.filter((finding) => finding.rule === 'parse-error')).toEqual([
      expect.objectContaining({ file: 'app/Dockerfile.secret', message: 'cannot read file: EACCES' }),
      expect.objectContaining({ file: 'locked', message: 'cannot read directory: EACCES' }),
      expect.objectContaining({ file: 'scripts/broken.sh' }),
    ]);
    expect(problems.map((finding) => `${finding.rule} ${finding.file}`)).toContain('dockerignore-required app/.dockerignore');

    writeFileSync(path.join(project, '.dockerlintrc.json'), '{ "extends": "dockerlint:nope" }');
    const broken = npx([]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^dockerlint: .*extends: unknown preset 'dockerlint:nope'/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});
