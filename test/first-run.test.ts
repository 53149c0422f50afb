/**
 * A newcomer's first run, on the typical one-service Node.js repository of fixtures/first-run/node-web
 * (`FROM node:20`, `COPY . .`, `RUN npm install`, compose `build: .`, no .dockerignore): every finding is
 * one line of what is wrong plus its fix, each distinct problem is reported once, and the README's quick
 * start shows exactly this output.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDocsUrl } from '../src/docs-url.js';
import { expectActionable } from './helpers/rule-tester.js';
import { runCli, type JsonFinding } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** The fixture, copied out of this repository so that its config and git root do not apply. */
function firstRunRepo(): string {
  const root = tempTree();
  cpSync(path.join(repoRoot, 'fixtures/first-run/node-web'), root, { recursive: true });
  return root;
}

describe('the first run on a typical one-service Node.js repository', () => {
  it('reports each distinct problem once, as what is wrong plus its fix', async () => {
    const result = await runCli(firstRunRepo(), ['--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map(({ rule, severity, file, line, column, message, help }) => ({ rule, severity, at: `${file}:${line}:${column}`, message, help }))).toEqual([
      {
        rule: 'runtime-no-build-tools',
        severity: 'error',
        at: 'Dockerfile:1:1',
        message: 'The runtime stage carries compilers and headers it never uses. Inherited: runtime stage ← node:20 (carries compilers and headers).',
        help: 'Build it on a base without compilers (a slim, CUDA `-runtime` or distroless image, or a runtime base of this repo) and COPY --from=build what the app needs.',
      },
      {
        rule: 'runtime-no-package-manager',
        severity: 'error',
        at: 'Dockerfile:1:1',
        message: 'The runtime stage carries npm, npx, yarn and corepack. Inherited: runtime stage ← node:20 (carries npm, npx, yarn, corepack).',
        help: 'Build it on a runtime base without them (a slim runtime base of this repo, or distroless), or delete them in this stage: `RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg /usr/local/lib/node_modules/corepack /usr/local/bin/corepack`.',
      },
      {
        rule: 'runtime-user-not-root',
        severity: 'warning',
        at: 'Dockerfile:1:1',
        message: 'The runtime stage sets no USER, so its container runs as root. Its base, node:20, sets none.',
        help: 'Add `USER <name or uid>` to the runtime stage (create the user in a RUN before it if the image has none), or set `user:` in compose.',
      },
      {
        rule: 'stage-layout',
        severity: 'error',
        at: 'Dockerfile:1:1',
        message: "The Dockerfile has no stages named 'deps', 'build' and 'runtime'. It has one stage, #0 (unnamed).",
        help: 'Name the stages deps → build → runtime (FROM … AS <name>), runtime last, so a code change rebuilds only the stages after the install.',
      },
      {
        rule: 'service-uses-base-image',
        severity: 'warning',
        at: 'Dockerfile:1:6',
        message: "The first stage builds FROM an upstream image, and this repository builds no base image. Image: 'node:20'.",
        help: "Add a base image (a Dockerfile in a base-<name>/ directory, or one named in the images setting) and build FROM it, or add 'node:20' to the option allow.",
      },
      {
        rule: 'manifest-before-source',
        severity: 'error',
        at: 'Dockerfile:3:1',
        message: 'Source files are copied before the dependency install at line 4: every edit reruns it. `COPY . .` copies more than manifests (README.md, for one).',
        help: 'Copy only the manifests first (COPY package.json package-lock.json ./), install, then copy the source.',
      },
      {
        rule: 'dependency-cache-mount',
        severity: 'warning',
        at: 'Dockerfile:4:5',
        message: 'No cache mount keeps the npm download cache: each rerun fetches everything again.',
        help: 'Add `--mount=type=cache,target=/root/.npm` after RUN, or opt out explicitly: `npm cache clean --force` at the end of the same RUN, or `--cache /tmp/npm-cache` removed there.',
      },
      {
        rule: 'runtime-no-package-manager',
        severity: 'error',
        at: 'Dockerfile:4:5',
        message: 'The runtime stage installs with npm, but a runtime stage should install nothing. It runs `npm install`.',
        help: 'Install in the deps stage (or in a base image of this repo), and COPY --from=… only the result.',
      },
      {
        rule: 'dockerignore-required',
        severity: 'error',
        at: 'docker-compose.yml:3:12',
        message: "Build context '.' has no .dockerignore: all of it goes to the builder.",
        help: "Create '.dockerignore' excluding node_modules, .git, .env, *.log (`--fix` writes it).",
      },
    ]);
    for (const finding of findings) {
      expect(`${finding.message}${finding.help}`, 'one line each').not.toMatch(/\n/);
      expectActionable(finding.message, finding.help);
      expect(finding.docsUrl).toBe(ruleDocsUrl(finding.rule));
    }
    // The COPY/install pair is one finding, at the COPY; the install is its related location.
    expect(findings.find((finding) => finding.rule === 'manifest-before-source')?.related).toEqual([
      { file: 'Dockerfile', line: 4, column: 5, message: 'the install it invalidates: npm install' },
    ]);
  });

  it("is the output the README's quick start shows", async () => {
    const { stdout } = await runCli(firstRunRepo(), []);
    // The docs links point into the installed package, wherever it is.
    const packageUrl = ruleDocsUrl('stage-layout').replace(/docs\/rules\/stage-layout\.md$/, '');
    const shown = stdout.replaceAll(packageUrl, 'file:///…/');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- first-run:start[^\n]*\n```text\n([\s\S]*?)```\n<!-- first-run:end -->/.exec(readme)?.[1];
    expect(block, 'the README holds the first run between first-run markers').toBeDefined();
    expect(`$ npx dockerlint\n${shown.replace(/^\n/, '')}`).toBe(block);
  });
});
