import { describe, expect, it } from 'vitest';
import type { Project } from '../src/project/model.js';
import { ImageFiles, type ImageView } from '../src/vocabulary/image-files.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

const DOCKERFILE = [
  'ARG BASE=python:3.12-slim',
  'FROM alpine:3.20 AS tools',
  'COPY tools/ /opt/tools/',
  'COPY tools/lint.sh /usr/local/bin/lint',
  '',
  'FROM ${BASE} AS app',
  'ENV APP_HOME=/srv/app',
  'WORKDIR $APP_HOME',
  'COPY requirements.txt entry.sh ./',
  'COPY src .',
  'COPY *.cfg conf/',
  'COPY secret.env /srv/app/',
  'COPY --from=tools /opt/tools/build.sh /usr/local/bin/',
  'COPY --from=tools /opt/tools /opt/all-tools',
  'COPY --from=tools /usr/local/bin/lint /usr/bin/lint',
  'WORKDIR sub',
  'COPY entry.sh here.sh',
  'ADD https://example.com/get.sh /srv/app/get.sh',
  '',
].join('\n');

async function setup(): Promise<{ project: Project; images: ImageFiles }> {
  const root = tempTree({
    'svc/Dockerfile': DOCKERFILE,
    'svc/.dockerignore': '**/.git\n*.env\n',
    'svc/requirements.txt': 'flask\n',
    'svc/entry.sh': 'exec "$@"\n',
    'svc/secret.env': 'TOKEN=x\n',
    'svc/src/main.py': 'print(1)\n',
    'svc/src/pkg/util.py': 'x = 1\n',
    'svc/app.cfg': '[app]\n',
    'svc/tools/build.sh': 'make\n',
    'svc/tools/lint.sh': 'ruff .\n',
    'compose.yaml': 'services:\n  app:\n    build:\n      context: svc\n      target: app\n    volumes:\n      - ./dev/entry.sh:/srv/app/entry.sh\n      - ./dev/hooks:/hooks:ro\n      - cache:/cache\n',
    'dev/entry.sh': 'exec "$@"\n',
    'dev/hooks/pre.sh': 'echo\n',
  });
  const project = await loadCase(root);
  return { project, images: new ImageFiles(project) };
}

describe('ImageFiles', () => {
  it('maps paths in the image back to repository files through COPY, WORKDIR, ENV, --from and .dockerignore', async () => {
    const { project, images } = await setup();
    const dockerfile = project.dockerfiles[0];
    const stage = dockerfile?.stages.find((candidate) => candidate.name === 'app');
    if (dockerfile === undefined || stage === undefined) throw new Error('the Dockerfile did not parse');
    const [context] = project.contextsOf(dockerfile);
    expect(context?.dir).toBe('svc');
    if (context === undefined) return;
    const view = images.viewAfter(dockerfile, stage, context);
    expect(view.workdir).toBe('/srv/app/sub');
    const cases: [string, string | null][] = [
      ['/srv/app/requirements.txt', 'svc/requirements.txt'],
      ['/srv/app/entry.sh', 'svc/entry.sh'],
      ['/srv/app/main.py', 'svc/src/main.py'],
      ['/srv/app/pkg/util.py', 'svc/src/pkg/util.py'],
      ['/srv/app/src/main.py', null],
      ['/srv/app/conf/app.cfg', 'svc/app.cfg'],
      ['/srv/app/secret.env', null],
      ['/usr/local/bin/build.sh', 'svc/tools/build.sh'],
      ['/opt/all-tools/lint.sh', 'svc/tools/lint.sh'],
      ['/usr/bin/lint', 'svc/tools/lint.sh'],
      ['/srv/app/sub/here.sh', 'svc/entry.sh'],
      ['/srv/app/get.sh', null],
      ['/srv/app/../app/./entry.sh', 'svc/entry.sh'],
      ['/etc/passwd', null],
    ];
    expect(cases.map(([path]) => [path, view.repoFile(path)])).toEqual(cases);
  });

  it("gives a service's image its bind mounts on top, and knows which names a script can have", async () => {
    const { project, images } = await setup();
    const service = project.services.find((resolved) => resolved.service.name === 'app');
    const image = service === undefined ? null : images.serviceView(service);
    if (image === null) throw new Error('no image for the service');
    const { view } = image;
    expect(image.stage.name).toBe('app');
    const cases: [string, string | null][] = [
      ['/srv/app/entry.sh', 'dev/entry.sh'],
      ['/hooks/pre.sh', 'dev/hooks/pre.sh'],
      ['/hooks/missing.sh', null],
      ['/srv/app/main.py', 'svc/src/main.py'],
      ['/cache/x', null],
    ];
    expect(cases.map(([path]) => [path, view.repoFile(path)])).toEqual(cases);
    expect(['entry.sh', 'lint', 'here.sh', 'pre.sh', 'ls', 'apt-get'].map((name) => view.mayHoldScript(name))).toEqual([true, true, true, true, false, false]);
  });

  it('walks a stage instruction by instruction', async () => {
    const { project, images } = await setup();
    const dockerfile = project.dockerfiles[0];
    const stage = dockerfile?.stages[1];
    const [context] = dockerfile === undefined ? [] : project.contextsOf(dockerfile);
    if (dockerfile === undefined || stage === undefined || context === undefined) throw new Error('the Dockerfile did not parse');
    const seen: [string, string | null, string | null][] = [];
    images.forEachInstruction(dockerfile, stage, context, (instruction, view: ImageView) => {
      seen.push([instruction.keyword, view.workdir, view.repoFile('/srv/app/entry.sh')]);
    });
    expect(seen.slice(0, 4)).toEqual([
      ['ENV', '/', null],
      ['WORKDIR', '/', null],
      ['COPY', '/srv/app', null],
      ['COPY', '/srv/app', 'svc/entry.sh'],
    ]);
    expect(seen.at(-1)).toEqual(['ADD', '/srv/app/sub', 'svc/entry.sh']);
  });
});
