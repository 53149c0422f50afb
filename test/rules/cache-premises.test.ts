/**
 * The premises of manifest-before-source and cache-bust-before-install, measured with a real BuildKit:
 * each case builds a Dockerfile twice (changing a source file or a build arg in between), and checks
 * that the install step reruns exactly when the rule reports something.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cacheBust from '../../src/rules/cache-bust-before-install.js';
import manifestBeforeSource from '../../src/rules/manifest-before-source.js';
import type { Rule } from '../../src/engine/rule.js';
import {
  BUSYBOX_IMAGE,
  buildImage,
  dockerAvailable,
  dockerSuiteTitle,
  ensureBusyboxImage,
  makeTempDir,
  removeTempDir,
  writeTree,
} from '../helpers/docker.js';
import { loadCase, runRule } from '../helpers/rule-tester.js';

const docker = await dockerAvailable();

/** A stand-in `npm` in the busybox image, so that `RUN npm ci` is a real install step to the rules. */
const FAKE_NPM = `RUN printf '#!/bin/sh\\necho "installed $*" > /installed\\n' > /bin/npm && chmod +x /bin/npm`;

interface Premise {
  name: string;
  rule: Rule;
  dockerfile: string;
  /** Whether the second build passes a new `GIT_SHA`. */
  newGitSha?: boolean;
  /** Whether the install reruns on the second build, and whether the rule reports. */
  reruns: boolean;
}

const premises: Premise[] = [
  {
    name: 'RUN date and $RANDOM before the install: cached (their text does not change)',
    rule: cacheBust,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nRUN date +%s%N > /built-at && echo $RANDOM > /random\nRUN npm ci\n`,
    reruns: false,
  },
  {
    name: 'ARG GIT_SHA before the install, with a new value: reruns',
    rule: cacheBust,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nARG GIT_SHA\nRUN npm ci\n`,
    newGitSha: true,
    reruns: true,
  },
  {
    name: 'ARG GIT_SHA after the install, with a new value: cached',
    rule: cacheBust,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nRUN npm ci\nARG GIT_SHA\nRUN echo "$GIT_SHA" > /version\n`,
    newGitSha: true,
    reruns: false,
  },
  {
    name: 'COPY of the manifests only, source changed: cached',
    rule: manifestBeforeSource,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nCOPY package.json package-lock.json /app/\nRUN npm ci\nCOPY src /app/src\n`,
    reruns: false,
  },
  {
    name: 'COPY . before the install, source changed: reruns',
    rule: manifestBeforeSource,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nCOPY . /app\nRUN npm ci\n`,
    reruns: true,
  },
  {
    name: 'bind mount of the manifest only, source changed: cached',
    rule: manifestBeforeSource,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nRUN --mount=type=bind,source=package.json,target=/m/package.json npm ci\n`,
    reruns: false,
  },
  {
    name: 'bind mount of the whole context before the install, source changed: reruns',
    rule: manifestBeforeSource,
    dockerfile: `FROM ${BUSYBOX_IMAGE}\n${FAKE_NPM}\nRUN --mount=type=bind,target=/ctx ls /ctx > /listing\nRUN npm ci\n`,
    reruns: true,
  },
];

describe.skipIf(!docker.ok)(dockerSuiteTitle('cache premises, measured with BuildKit', docker), () => {
  let root = '';
  beforeAll(async () => {
    root = await makeTempDir('cache-premises');
    await ensureBusyboxImage();
  }, 120_000);
  afterAll(async () => {
    if (root !== '') await removeTempDir(root);
  });

  it.each(premises.map((premise, index) => ({ ...premise, index })))(
    '$name',
    async ({ rule, dockerfile, newGitSha, reruns, index }) => {
      const stamp = `${String(Date.now())}-${String(index)}`;
      const args = newGitSha === true ? [{ GIT_SHA: `first-${stamp}` }, { GIT_SHA: `second-${stamp}` }] : null;
      // A unique file per case (and run) keeps BuildKit from reusing another case's layers.
      const context = join(root, `case-${index}`);
      await writeTree(context, {
        Dockerfile: dockerfile,
        'package.json': '{"name":"app"}\n',
        'package-lock.json': '{"lockfileVersion":3}\n',
        'src/server.js': `// ${stamp}\n`,
        '.dockerignore': '**/node_modules\n',
      });
      const first = await buildImage({ context, dockerfile: 'Dockerfile', ...(args?.[0] ? { buildArgs: args[0] } : {}) });
      expect(first.exitCode, first.log).toBe(0);
      await writeFile(join(context, 'src/server.js'), `// changed ${stamp}\n`);
      const second = await buildImage({ context, dockerfile: 'Dockerfile', ...(args?.[1] ? { buildArgs: args[1] } : {}) });
      expect(second.exitCode, second.log).toBe(0);
      const install = second.steps.find((step) => step.instruction.endsWith('npm ci'));
      expect(install, second.log).toBeDefined();
      expect(install?.cached).toBe(!reruns);

      const reports = runRule(rule, await loadCase(context));
      expect(reports.length > 0).toBe(reruns);
    },
    180_000,
  );
});
