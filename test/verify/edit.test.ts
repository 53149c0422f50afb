import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import { targetStage } from '../../src/project/graph.js';
import { harmlessEdit, rankEditCandidates } from '../../src/verify/edit.js';
import { planBuild, type BuildPlan } from '../../src/verify/plan.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

async function planOf(dockerfile: string): Promise<BuildPlan> {
  const project = await loadCase(tempTree({ Dockerfile: dockerfile }));
  const doc = project.dockerfiles[0];
  const stage = doc && targetStage(doc, null);
  if (!doc || !stage) throw new Error('no stage');
  return planBuild(doc, stage, project.graph, new Map());
}

const CONTEXT_FILES = [
  '.dockerignore',
  'Dockerfile',
  'README.md',
  'api.Dockerfile',
  'docs/guide.md',
  'package-lock.json',
  'package.json',
  'public/index.html',
  'src/lib/deep/util.ts',
  'src/server.ts',
  'src/server.test.ts',
  'src/styles.css',
  'tsconfig.json',
];

describe('rankEditCandidates', () => {
  it('prefers program source that a good layout copies after the install', async () => {
    const plan = await planOf(
      ['FROM node:20', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY tsconfig.json ./', 'COPY src ./src', 'COPY public ./public', ''].join('\n'),
    );
    const ranked = rankEditCandidates(plan, CONTEXT_FILES, DEFAULT_SETTINGS.manifests, 'Dockerfile');
    expect(ranked.map((candidate) => [candidate.file, candidate.readBeforeInstall])).toEqual([
      ['src/server.ts', false],
      ['src/lib/deep/util.ts', false],
      ['src/server.test.ts', false],
      ['public/index.html', false],
      ['src/styles.css', false],
      ['tsconfig.json', false],
    ]);
    expect(ranked[0]?.readBy.map((step) => step.text)).toEqual(['COPY src ./src']);
  });

  it("ranks a build tool's configuration (vite.config.ts) with configuration, after program source", async () => {
    const plan = await planOf(['FROM node:20', 'COPY package.json ./', 'RUN npm ci', 'COPY vite.config.ts eslint.config.mjs .prettierrc.cjs index.html ./', 'COPY src ./src', ''].join('\n'));
    const files = ['.prettierrc.cjs', 'eslint.config.mjs', 'index.html', 'package.json', 'src/main.ts', 'vite.config.ts'];
    expect(rankEditCandidates(plan, files, DEFAULT_SETTINGS.manifests, null).map((candidate) => candidate.file)).toEqual([
      'src/main.ts',
      'index.html',
      '.prettierrc.cjs',
      'eslint.config.mjs',
      'vite.config.ts',
    ]);
  });

  it('never offers manifests or build definitions, and ranks files copied before the install last', async () => {
    const plan = await planOf(['FROM node:20', 'COPY README.md ./', 'COPY . .', 'RUN npm ci', 'COPY src/server.ts ./again.ts', ''].join('\n'));
    const ranked = rankEditCandidates(plan, CONTEXT_FILES, DEFAULT_SETTINGS.manifests, 'Dockerfile');
    expect(ranked.map((candidate) => [candidate.file, candidate.readBeforeInstall])).toEqual([
      ['src/server.ts', true],
      ['src/lib/deep/util.ts', true],
      ['src/server.test.ts', true],
      ['public/index.html', true],
      ['src/styles.css', true],
      ['README.md', true],
      ['docs/guide.md', true],
      ['tsconfig.json', true],
    ]);
  });

  it('offers nothing when only manifests are copied', async () => {
    const plan = await planOf(['FROM node:20', 'COPY package*.json ./', 'RUN npm ci', ''].join('\n'));
    expect(rankEditCandidates(plan, CONTEXT_FILES, DEFAULT_SETTINGS.manifests, 'Dockerfile')).toEqual([]);
  });
});

describe('harmlessEdit', () => {
  it.each([
    ['src/server.ts', 'export {};\n', 'export {};\n// dockerlint verify: cache probe 0f\n'],
    ['app/main.py', 'print(1)', 'print(1)\n# dockerlint verify: cache probe 0f\n'],
    ['styles/site.css', 'a {}\n', 'a {}\n/* dockerlint verify: cache probe 0f */\n'],
    ['index.html', '<p></p>\n', '<p></p>\n<!-- dockerlint verify: cache probe 0f -->\n'],
    ['db/schema.sql', '', '-- dockerlint verify: cache probe 0f\n'],
    ['config.yml', 'a: 1\n', 'a: 1\n# dockerlint verify: cache probe 0f\n'],
    ['index.php', '<?php echo 1;\n', '<?php echo 1;\n// dockerlint verify: cache probe 0f\n'],
    ['data.json', '{}', '{}\n    \t\t\t\t\n'],
  ])('%s', (file, text, expected) => {
    expect(harmlessEdit(file, text, '0f')?.text).toBe(expected);
  });

  it('refuses a PHP file that ends in template mode, where any text would be output', () => {
    expect(harmlessEdit('view.php', '<?php echo 1; ?>\n', '0f')).toBeNull();
  });

  it('makes a different change for every nonce, also without comment syntax', () => {
    expect(harmlessEdit('a.ts', 'x', 'aa')?.text).not.toBe(harmlessEdit('a.ts', 'x', 'ab')?.text);
    expect(harmlessEdit('a.json', 'x', 'aa')?.text).not.toBe(harmlessEdit('a.json', 'x', 'ab')?.text);
  });

  it('describes the change', () => {
    expect(harmlessEdit('a.go', '', '12')?.description).toBe('appended the comment line `// dockerlint verify: cache probe 12`');
    expect(harmlessEdit('LICENSE', '', '12')?.description).toBe('appended a line of blanks (the file type has no known comment syntax)');
  });
});
