/**
 * The two whole repositories this project is about: the reference setup at the root must lint clean
 * with its own config, and the same app's setup before the restructure (fixtures/snowboarding-before,
 * see its README) must produce, rule by rule, the findings that tell its story.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { lint, type Finding } from '../src/lint.js';
import type { ProjectSummary } from '../src/report/explain.js';
import { rules } from '../src/rules/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

function byRule(findings: readonly Finding[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const finding of findings) (grouped[finding.rule] ??= []).push(`${finding.severity} ${finding.file}:${finding.line}:${finding.column}`);
  return grouped;
}

describe('the reference setup', () => {
  it('lints clean with the repository config', async () => {
    const { findings, projects } = await lint({ cwd: repoRoot });
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line} ${finding.message}`)).toEqual([]);
    const [project] = projects;
    expect(project?.configFile).toBe(path.join(repoRoot, '.dockerlintrc.json'));
    // It understood the setup: three services, six local base images, one GPU service.
    expect(project?.project.services.filter((service) => service.dockerfile && project.project.graph.role(service.dockerfile) === 'service').map((service) => service.service.name).sort()).toEqual(['api', 'pose-service', 'web']);
    expect(project?.project.graph.producers.filter((producer) => producer.via === 'config').map((producer) => producer.image).sort()).toEqual([
      'base-node-runtime:latest',
      'base-node:latest',
      'base-python-pose-runtime:latest',
      'base-python-pose:latest',
      'base-python-runtime:latest',
      'base-python:latest',
    ]);
    expect(project?.config.settings.gpuServices).toEqual(['pose-service']);
  });
});

describe('--explain on the reference setup', () => {
  it('shows in JSON the services, base images and GPU service it understood', async () => {
    let stdout = '';
    const code = await main(['--explain', '--format', 'json'], { cwd: repoRoot, env: {}, isTTY: false, stdout: (text) => (stdout += text), stderr: () => undefined });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { findings: unknown[]; projects: ProjectSummary[] };
    expect(report.findings).toEqual([]);
    const [summary] = report.projects;
    expect(summary?.configFile).toBe('.dockerlintrc.json');
    expect(summary?.services.find((service) => service.name === 'api')).toEqual({
      name: 'api',
      composeFile: 'docker-compose.yml',
      context: 'backend/api',
      dockerfile: 'backend/api/Dockerfile',
      dockerignore: 'backend/api/.dockerignore',
      target: null,
      image: null,
      gpu: null,
    });
    expect(summary?.services.filter((service) => service.gpu !== null).map((service) => service.name)).toEqual(['pose-service']);
    expect(summary?.dockerfiles.filter((dockerfile) => dockerfile.role === 'base').flatMap((dockerfile) => dockerfile.produces).sort()).toEqual([
      'base-node-runtime:latest [runtime]',
      'base-node:latest',
      'base-python-pose-runtime:latest [runtime]',
      'base-python-pose:latest',
      'base-python-runtime:latest [runtime]',
      'base-python:latest',
    ]);
    expect(summary?.dockerfiles.find((dockerfile) => dockerfile.path === 'backend/api/Dockerfile')).toEqual({
      path: 'backend/api/Dockerfile',
      role: 'service',
      stages: ['deps', 'build', 'runtime'],
      produces: [],
    });
  });
});

describe('the app before the restructure', () => {
  it('produces the findings of every policy rule that applies to it', async () => {
    const { findings } = await lint({ cwd: repoRoot, paths: ['fixtures/snowboarding-before'] });
    expect(byRule(findings)).toEqual({
    'apt-lists-removed': [
      'warning backend/docker/base-python-pose/Dockerfile:3:5',
    ],
    'apt-no-install-recommends': [
      'warning backend/docker/base-python-pose/Dockerfile:3:23',
    ],
    'base-image-purity': [
      'error backend/docker/base-python-pose/Dockerfile:6:6',
      'warning backend/docker/base-python-pose/Dockerfile:11:1',
      'error backend/docker/base-python/Dockerfile:3:6',
      'warning backend/docker/base-python/Dockerfile:5:1',
      'warning backend/docker/base-python/Dockerfile:6:1',
    ],
    'cache-bust-before-install': [
      'error backend/api/Dockerfile:2:5',
    ],
    'compose-build-args': [
      'error docker-compose.yml:32:9',
    ],
    'compose-build-isolation': [
      'error docker-compose.yml:6:16',
    ],
    'compose-gpu-reservation': [
      'error docker-compose.yml:33:14',
      'error docker-compose.yml:48:15',
    ],
    'compose-no-version': [
      'warning docker-compose.yml:1:1',
    ],
    'copy-ignored-file': [
      'error backend/pose-service/Dockerfile:5:6',
    ],
    'dependency-cache-mount': [
      'warning backend/api/Dockerfile:5:5',
      'warning backend/docker/base-node/Dockerfile:3:5',
      'warning backend/docker/base-python-pose/Dockerfile:3:23',
      'warning backend/docker/base-python-pose/Dockerfile:7:5',
      'warning backend/docker/base-python-pose/Dockerfile:9:5',
      'warning backend/docker/base-python-pose/Dockerfile:10:5',
      'warning backend/docker/base-python/Dockerfile:4:5',
      'warning backend/pose-service/Dockerfile:4:5',
      'warning backend/web/Dockerfile.dev:5:5',
    ],
    'dockerignore-required': [
      'error backend/api/.dockerignore:1:1',
      'error backend/docker/base-node/.dockerignore:1:1',
      'error backend/docker/base-python-pose/.dockerignore:1:1',
      'error backend/docker/base-python/.dockerignore:1:1',
      'error backend/pose-service/.dockerignore:1:1',
      'error backend/web/Dockerfile.dev:1:1',
      'error docker-compose.yml:6:16',
    ],
    'legacy-builder': [
      'warning scripts/build.sh:4:24',
    ],
    'local-image-resolvable': [
      'error backend/docker/base-python/Dockerfile:1:1',
    ],
    'manifest-before-source': [
      'error backend/docker/base-python-pose/Dockerfile:6:1',
      'error backend/docker/base-python/Dockerfile:3:1',
      'error backend/pose-service/Dockerfile:3:1',
      'error backend/web/Dockerfile.dev:3:1',
    ],
    'no-install-at-startup': [
      'error backend/pose-service/Dockerfile:8:6',
    ],
    'no-install-in-scripts': [
      'error backend/docker/base-python-pose/Dockerfile:8:5',
    ],
    'no-windows-paths': [
      'error docker-compose.yml:37:9',
      'error scripts/wsl-link-videos.sh:5:9',
    ],
    'runtime-no-build-tools': [
      'error backend/api/Dockerfile:9:1',
      'error backend/pose-service/Dockerfile:1:1',
    ],
    'runtime-no-package-manager': [
      'error backend/api/Dockerfile:9:1',
      'error backend/api/Dockerfile:15:6',
      'error backend/pose-service/Dockerfile:1:1',
      'error backend/pose-service/Dockerfile:4:5',
      'error backend/web/Dockerfile.dev:1:1',
      'error backend/web/Dockerfile.dev:5:5',
      'error backend/web/Dockerfile.dev:7:6',
    ],
    'runtime-user-not-root': [
      'warning backend/api/Dockerfile:9:1',
      'warning backend/pose-service/Dockerfile:1:1',
      'warning backend/web/Dockerfile.dev:1:1',
    ],
    'service-uses-base-image': [
      'warning backend/web/Dockerfile.dev:1:6',
    ],
    'stage-layout': [
      'error backend/api/Dockerfile:1:1',
      'error backend/pose-service/Dockerfile:1:1',
      'error backend/web/Dockerfile.dev:1:1',
    ],

    });
  });

  it('is caught by every policy rule except compose-schema (valid Compose) and parse-error (it all parses)', async () => {
    const { findings } = await lint({ cwd: repoRoot, paths: ['fixtures/snowboarding-before'] });
    const fired = new Set(findings.map((finding) => finding.rule));
    const policyRules = rules.filter((rule) => rule.kind === 'policy').map((rule) => rule.id);
    expect(policyRules.filter((id) => !fired.has(id))).toEqual(['parse-error', 'compose-schema']);
  });
});
