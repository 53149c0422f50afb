/**
 * The Dockerfile structure rules on the two whole repositories: the reference setup at the root must
 * pass them, and the "before" fixture must produce exactly the findings its README assigns to them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import type { ProjectSettings } from '../../src/config/schema.js';
import { loadProject } from '../../src/project/load.js';
import baseImagePurity from '../../src/rules/base-image-purity.js';
import copyIgnoredFile from '../../src/rules/copy-ignored-file.js';
import localImageResolvable from '../../src/rules/local-image-resolvable.js';
import serviceUsesBaseImage from '../../src/rules/service-uses-base-image.js';
import stageLayout from '../../src/rules/stage-layout.js';
import type { Rule } from '../../src/rule.js';
import { runRule } from '../helpers/rule-tester.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const RULES = [stageLayout, baseImagePurity, serviceUsesBaseImage, localImageResolvable, copyIgnoredFile] as readonly Rule[];

async function findings(root: string, settings: Partial<ProjectSettings>, ignorePatterns: string[] = []): Promise<string[]> {
  const project = await loadProject({ root, gitRoot: null, ignorePatterns, settings: { ...DEFAULT_SETTINGS, ...settings } });
  return RULES.flatMap((rule) =>
    runRule(rule, project).map((report) => `${rule.id} ${report.messageId} ${report.location.file}:${report.location.range.start.line}`),
  ).sort();
}

describe('Dockerfile structure rules on whole repositories', () => {
  it('the reference setup has no findings', async () => {
    // The root config names rules of other pieces too; only its project settings matter here.
    const config = JSON.parse(readFileSync(path.join(repoRoot, '.dockerlintrc.json'), 'utf8')) as Partial<ProjectSettings> & { ignorePatterns: string[] };
    const settings: Partial<ProjectSettings> = { ...(config.images ? { images: config.images } : {}), ...(config.gpuServices ? { gpuServices: config.gpuServices } : {}) };
    expect(await findings(repoRoot, settings, config.ignorePatterns)).toEqual([]);
  });

  it('the "before" fixture has the findings its README lists', async () => {
    expect(await findings(path.join(repoRoot, 'fixtures/snowboarding-before'), {})).toEqual(
      [
        'stage-layout missingStages backend/pose-service/Dockerfile:1',
        'stage-layout missingStages backend/web/Dockerfile.dev:1',
        'stage-layout missingStages backend/api/Dockerfile:1',
        'base-image-purity contextCopy backend/docker/base-python/Dockerfile:3',
        'base-image-purity serviceInstruction backend/docker/base-python/Dockerfile:5',
        'base-image-purity serviceInstruction backend/docker/base-python/Dockerfile:6',
        'base-image-purity contextCopy backend/docker/base-python-pose/Dockerfile:6',
        'base-image-purity serviceInstruction backend/docker/base-python-pose/Dockerfile:11',
        'service-uses-base-image upstream backend/web/Dockerfile.dev:1',
        'local-image-resolvable unusedBase backend/docker/base-python/Dockerfile:1',
        'copy-ignored-file excluded backend/pose-service/Dockerfile:5',
      ].sort(),
    );
  });
});
