/**
 * A `base-*` directory names an image repository: `FROM base-python-ml:2024.06` is built from
 * `docker/base-python-ml/Dockerfile` like any other tag of it, and what the base brings (compilers, the
 * GPU image) is seen through it.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { explainProject } from '../src/report/explain.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixture = 'fixtures/local-image-resolvable/tagged-base';

it('resolves every tag of a base-* directory image to its Dockerfile, and sees the base through it', async () => {
  const { findings, projects } = await lint({ cwd: repoRoot, paths: [fixture] });
  const found = (rule: string): string[] => findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.file}:${finding.line} ${finding.message} ${finding.help}`);
  expect(found('local-image-resolvable')).toEqual([]);
  // The base's compilers reach the services' runtime stages, named as the FROM names them.
  expect(found('runtime-no-build-tools')).toEqual([
    expect.stringMatching(new RegExp('^services/api/Dockerfile:1 .*base-python-ml:latest \\(docker/base-python-ml/Dockerfile:5 installs build-essential\\)')),
    expect.stringMatching(new RegExp('^services/trainer/Dockerfile:1 .*base-python-ml:2024\\.06 \\(docker/base-python-ml/Dockerfile:5 installs build-essential\\)')),
  ]);
  // The GPU image comes through the base: the service that reserves no GPU is told so.
  expect(found('compose-gpu-reservation')).toEqual([expect.stringMatching(new RegExp("^compose.yaml:13 Service 'api' needs a GPU but reserves none.* \\(it needs a GPU: its image derives from nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\\)"))]);

  const [project] = projects;
  if (project === undefined) throw new Error('no project');
  const base = explainProject(project, repoRoot).dockerfiles.find((dockerfile) => dockerfile.path === 'docker/base-python-ml/Dockerfile');
  expect(base?.role).toBe('base');
  expect(base?.produces).toEqual([
    'base-python-ml:<any tag> (base-python-ml:latest in services/api/Dockerfile, base-python-ml:2024.06 in services/trainer/Dockerfile)',
  ]);
});

it('answers which images the project builds by lookup: an exact name, every tag of a base-* directory, the producers of a Dockerfile', async () => {
  const { projects } = await lint({ cwd: repoRoot, paths: [fixture] });
  const graph = projects[0]?.project.graph;
  if (graph === undefined) throw new Error('no project');
  expect(graph.producerOf('ml/api:dev')?.dockerfile.source.path).toBe('services/api/Dockerfile');
  expect(graph.producerOf('ml/api:prod')).toBeUndefined();
  expect(graph.producerOf('base-python-ml:2024.06')).toBeUndefined();
  expect(['ml/api:dev', 'base-python-ml:2024.06', 'base-python-ml:latest'].map((image) => graph.builds(image))).toEqual([true, true, true]);
  expect(['ml/api:prod', 'ml/trainer', 'python:3.12'].map((image) => graph.builds(image))).toEqual([false, false, false]);
  const trainer = graph.producerOf('ml/trainer:dev')?.dockerfile;
  if (trainer === undefined) throw new Error('no trainer producer');
  expect(graph.producersOf(trainer).map((producer) => producer.image)).toEqual(['ml/trainer:dev']);
});
