import { describe, expect, it, vi } from 'vitest';
import { isDefaultBuildContext } from '../src/project/compose-merge.js';
import { parseCompose } from '../src/project/compose.js';
import type { ComposeDoc, ComposeService } from '../src/project/model.js';
import { SourceFile } from '../src/source.js';
import type { Location } from '../src/source.js';

const FILE = 'compose.yaml';
const EXCESSIVE_ALIASING =
  'aliases expand out of proportion to the document: Compose refuses it ("document contains excessive aliasing"), as it would a resource-exhaustion attack; write the repeated values out, or use fewer levels of aliases';

function parse(text: string, env: ReadonlyMap<string, string> = new Map()): ComposeDoc {
  return parseCompose(new SourceFile(FILE, text), env);
}

function loc(line: number, column: number, endLine: number, endColumn: number): Location {
  return { file: FILE, range: { start: { line, column }, end: { line: endLine, column: endColumn } } };
}

/** The location of `text` written at `line`:`column`. */
function span(line: number, column: number, text: string): Location {
  return loc(line, column, line, column + text.length);
}

function service(doc: ComposeDoc, name: string): ComposeService {
  const found = doc.services.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no service ${name}`);
  return found;
}

const shop = [
  '# dockerlint-disable-next-line lean-runtime', // 1
  'name: shop',
  '',
  'x-node-build: &node-build',
  '  context: ${NODE_CTX:-./services/node}', // 5
  '  dockerfile: Dockerfile',
  '  args:',
  '    - NODE_ENV=production   # list-form args',
  '    - NPM_TOKEN',
  '', // 10
  'x-common: &common',
  '  restart: unless-stopped',
  '  environment:',
  '    - LOG_LEVEL=info',
  '    - TZ', // 15
  '',
  'services:',
  '  api:',
  '    <<: *common',
  '    build:', // 20
  '      <<: *node-build',
  '      target: runtime',
  '    image: shop/api:${TAG:-dev}',
  '    command: ["node", "dist/server.js"]',
  '', // 25
  '  worker:',
  '    <<: *common',
  '    build: *node-build',
  '    entrypoint: /usr/local/bin/worker',
  '    environment:', // 30
  '      QUEUE: jobs',
  '      RETRIES: 3',
  '      SECRET:',
  '',
  '  web:', // 35
  '    build: ./web',
  '    volumes:',
  '      - ./web/static:/srv/static:ro   # after a value',
  '      # before a sequence item',
  '      - type: volume', // 40
  '        source: web-cache',
  '        target: /cache',
  '    profiles: [frontend, # inside a flow sequence',
  '      dev]',
  '', // 45
  '  trainer:',
  '    build:',
  '      context: ${CTX}',
  '      dockerfile: docker/trainer.Dockerfile',
  '      additional_contexts:', // 50
  '        - models=../models',
  '    runtime: nvidia',
  '    gpus: all',
  '    command: |',
  "      python train.py # the '#' is part of the script", // 55
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia', // 60
  '              count: 1',
  '              capabilities: [gpu]',
  '',
  '  db:',
  '    image: postgres:16', // 65
  '    environment:',
  '      POSTGRES_PASSWORD: "p#ss"   # quoted hash',
  '',
].join('\n');

describe('parseCompose on a five-service app', () => {
  const doc = parse(shop, new Map([['TAG', '1.2.3']]));

  it('reads the services in order, without problems', () => {
    expect(doc.kind).toBe('compose');
    expect(doc.problems).toEqual([]);
    expect(doc.services.map((each) => [each.name, each.location])).toEqual([
      ['api', span(18, 3, 'api')],
      ['worker', span(26, 3, 'worker')],
      ['web', span(35, 3, 'web')],
      ['trainer', span(46, 3, 'trainer')],
      ['db', span(64, 3, 'db')],
    ]);
  });

  it('resolves merge keys, locating merged values at the anchor', () => {
    expect(service(doc, 'api')).toEqual({
      name: 'api',
      location: span(18, 3, 'api'),
      image: { value: 'shop/api:${TAG:-dev}', resolved: 'shop/api:1.2.3', location: span(23, 12, 'shop/api:${TAG:-dev}') },
      build: {
        location: span(20, 5, 'build'),
        context: {
          value: '${NODE_CTX:-./services/node}',
          resolved: './services/node',
          location: span(5, 12, '${NODE_CTX:-./services/node}'),
        },
        dockerfile: { value: 'Dockerfile', resolved: 'Dockerfile', location: span(6, 15, 'Dockerfile') },
        dockerfileInline: null,
        target: { value: 'runtime', resolved: 'runtime', location: span(22, 15, 'runtime') },
        args: new Map([
          ['NODE_ENV', { value: 'production', location: span(8, 7, 'NODE_ENV=production') }],
          ['NPM_TOKEN', { value: null, location: span(9, 7, 'NPM_TOKEN') }],
        ]),
        additionalContexts: new Map(),
      },
      devices: [],
      runtime: null,
      gpus: null,
      environment: new Map([
        ['LOG_LEVEL', { value: 'info', location: span(14, 7, 'LOG_LEVEL=info') }],
        ['TZ', { value: null, location: span(15, 7, 'TZ') }],
      ]),
      command: { value: ['node', 'dist/server.js'], location: span(24, 14, '["node", "dist/server.js"]') },
      entrypoint: null,
      volumes: [],
      profiles: [],
      containerName: null,
      privileged: null,
      restart: { value: 'unless-stopped', resolved: 'unless-stopped', location: span(12, 12, 'unless-stopped') },
      restartPolicy: null,
      ports: [],
      dependsOn: [],
      envFiles: [],
    });
  });

  it('follows a build given as an alias, and lets written keys beat merged ones', () => {
    const worker = service(doc, 'worker');
    expect(worker.build?.location).toEqual(span(28, 5, 'build'));
    expect(worker.build?.context.location).toEqual(span(5, 12, '${NODE_CTX:-./services/node}'));
    expect(worker.build?.target).toBeNull();
    expect(worker.entrypoint).toEqual({ value: '/usr/local/bin/worker', location: span(29, 17, '/usr/local/bin/worker') });
    expect(worker.environment).toEqual(
      new Map([
        ['QUEUE', { value: 'jobs', location: span(31, 14, 'jobs') }],
        ['RETRIES', { value: '3', location: span(32, 16, '3') }],
        ['SECRET', { value: null, location: span(33, 7, 'SECRET') }],
      ]),
    );
  });

  it('reads a string build, short and long volumes, and profiles', () => {
    const web = service(doc, 'web');
    expect(web.build).toEqual({
      location: span(36, 5, 'build'),
      context: { value: './web', resolved: './web', location: span(36, 12, './web') },
      dockerfile: null,
      dockerfileInline: null,
      target: null,
      args: new Map(),
      additionalContexts: new Map(),
    });
    expect(web.volumes).toEqual([
      { hostPath: './web/static', target: '/srv/static', location: span(38, 9, './web/static:/srv/static:ro') },
      { hostPath: null, target: '/cache', location: loc(40, 9, 43, 1) },
    ]);
    expect(web.profiles).toEqual(['frontend', 'dev']);
  });

  it('reads the GPU service: unresolved context, reservations, runtime and gpus', () => {
    const trainer = service(doc, 'trainer');
    expect(trainer.build?.context).toEqual({ value: '${CTX}', resolved: null, location: span(48, 16, '${CTX}') });
    expect(trainer.build?.dockerfile?.value).toBe('docker/trainer.Dockerfile');
    expect(trainer.build?.additionalContexts).toEqual(
      new Map([['models', { value: '../models', resolved: '../models', location: span(51, 11, 'models=../models') }]]),
    );
    expect(trainer.devices).toEqual([
      {
        location: loc(60, 15, 63, 1),
        driver: { value: 'nvidia', resolved: 'nvidia', location: span(60, 23, 'nvidia') },
        count: { value: 1, location: span(61, 22, '1') },
        deviceIds: null,
        capabilities: { value: ['gpu'], location: span(62, 29, '[gpu]') },
      },
    ]);
    expect(trainer.runtime).toEqual({ value: 'nvidia', resolved: 'nvidia', location: span(52, 14, 'nvidia') });
    expect(trainer.gpus).toEqual({ value: 'all', location: span(53, 11, 'all') });
    expect(trainer.command).toEqual({
      value: "python train.py # the '#' is part of the script\n",
      location: loc(54, 14, 56, 1),
    });
  });

  it('keeps a quoted # as text', () => {
    expect(service(doc, 'db').environment.get('POSTGRES_PASSWORD')).toEqual({
      value: 'p#ss',
      location: span(67, 26, '"p#ss"'),
    });
  });

  it('collects comments after values, before items and inside flow sequences, not in scalars', () => {
    const comment = (line: number, column: number, text: string) => ({
      line,
      text: text.slice(1),
      range: span(line, column, text).range,
    });
    expect(doc.comments).toEqual([
      comment(1, 1, '# dockerlint-disable-next-line lean-runtime'),
      comment(8, 29, '# list-form args'),
      comment(38, 39, '# after a value'),
      comment(39, 7, '# before a sequence item'),
      comment(43, 26, '# inside a flow sequence'),
      comment(67, 35, '# quoted hash'),
    ]);
  });

  it('lists every string value once, where it is written, keys excluded', () => {
    expect(doc.strings.map((string) => string.value)).toEqual([
      'shop',
      '${NODE_CTX:-./services/node}',
      'Dockerfile',
      'NODE_ENV=production',
      'NPM_TOKEN',
      'unless-stopped',
      'LOG_LEVEL=info',
      'TZ',
      'runtime',
      'shop/api:${TAG:-dev}',
      'node',
      'dist/server.js',
      '/usr/local/bin/worker',
      'jobs',
      './web',
      './web/static:/srv/static:ro',
      'volume',
      'web-cache',
      '/cache',
      'frontend',
      'dev',
      '${CTX}',
      'docker/trainer.Dockerfile',
      'models=../models',
      'nvidia',
      'all',
      "python train.py # the '#' is part of the script\n",
      'nvidia',
      'gpu',
      'postgres:16',
      'p#ss',
    ]);
    expect(doc.strings[10]).toEqual({ value: 'node', location: span(24, 15, '"node"') });
  });

  it('applies merge keys as YAML does: written keys win, then earlier sources', () => {
    const merges = parse(
      [
        'x-a: &a {image: from-a, runtime: runc}',
        'x-b: &b {image: from-b, runtime: nvidia, gpus: all}',
        'services:',
        '  written-first:',
        '    image: written',
        '    <<: [*a, *b]',
        '  merged-only:',
        '    <<: [*b, *a]',
        '',
      ].join('\n'),
    );
    expect(merges.services.map((each) => [each.name, each.image?.value, each.runtime?.value, each.gpus?.value])).toEqual([
      ['written-first', 'written', 'runc', 'all'],
      ['merged-only', 'from-b', 'nvidia', 'all'],
    ]);
    expect(service(merges, 'written-first').runtime?.location).toEqual(span(1, 34, 'runc'));
  });

  it('reads CRLF files at the same positions', () => {
    const crlf = parse(shop.replaceAll('\n', '\r\n'), new Map([['TAG', '1.2.3']]));
    expect(crlf.problems).toEqual([]);
    expect(crlf.comments).toEqual(doc.comments);
    expect(crlf.services.map((each) => each.location)).toEqual(doc.services.map((each) => each.location));
    expect(service(crlf, 'api').build).toEqual(service(doc, 'api').build);
  });
});

describe('parseCompose build, device and include forms', () => {
  const text = [
    'include:', // 1
    '  - ../shared/compose.yaml',
    '  - path: ./db/compose.yaml',
    '    env_file: ./db/.env',
    '  - path: [a.yaml, "${EXTRA:-b}.yaml"]', // 5
    'services:',
    '  app:',
    '    build:',
    '      dockerfile: Dockerfile.app',
    '      args:', // 10
    '        VERSION: 1.10',
    '        DEBUG: false',
    '        EMPTY:',
    '      additional_contexts:',
    '        base: service:base', // 15
    '        assets: ${ASSETS}',
    '    environment:',
    '      - URL=postgres://db/app?sslmode=disable',
    '    volumes:',
    '      - type: tmpfs', // 20
    '        target: /tmp',
    '  inline:',
    '    build:',
    '      dockerfile_inline: |',
    '        FROM alpine', // 25
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - capabilities: ["gpu", "nvidia-compute"]', // 30
    '              count: all',
    '            - driver: nvidia',
    '              device_ids: ["0", "3"]',
    '              capabilities: [gpu]',
    '    gpus:', // 35
    '      - driver: nvidia',
    '        count: 2',
    '  empty:',
    '  reset:',
    '    image: !reset null', // 40
    '    command: !override ["run"]',
    '',
  ].join('\n');
  const doc = parse(text, new Map([['EXTRA', 'extra']]));

  it('has no problems (Compose tags are known)', () => {
    expect(doc.problems).toEqual([]);
  });

  it('defaults the context to "." at the build key', () => {
    const build = service(doc, 'app').build;
    expect(build?.context).toEqual({ value: '.', resolved: '.', location: span(8, 5, 'build') });
    expect(build !== null && isDefaultBuildContext(build)).toBe(true);
    const web = parse('services:\n  web:\n    build: .\n').services[0]?.build;
    expect(web !== null && web !== undefined && isDefaultBuildContext(web)).toBe(false);
  });

  it('reads map-form args with numbers and booleans as written, and additional contexts', () => {
    const build = service(doc, 'app').build;
    expect(build?.args).toEqual(
      new Map([
        ['VERSION', { value: '1.10', location: span(11, 18, '1.10') }],
        ['DEBUG', { value: 'false', location: span(12, 16, 'false') }],
        ['EMPTY', { value: null, location: span(13, 9, 'EMPTY') }],
      ]),
    );
    expect(build?.additionalContexts).toEqual(
      new Map([
        ['base', { value: 'service:base', resolved: 'service:base', location: span(15, 15, 'service:base') }],
        ['assets', { value: '${ASSETS}', resolved: null, location: span(16, 17, '${ASSETS}') }],
      ]),
    );
  });

  it('splits list-form environment at the first "=" and reads a volume without a source', () => {
    const app = service(doc, 'app');
    expect(app.environment.get('URL')?.value).toBe('postgres://db/app?sslmode=disable');
    expect(app.volumes).toEqual([{ hostPath: null, target: '/tmp', location: loc(20, 9, 22, 1) }]);
  });

  it('reads dockerfile_inline, count "all", device ids and the gpus list form', () => {
    const inline = service(doc, 'inline');
    expect(inline.build?.dockerfileInline).toEqual({ value: 'FROM alpine\n', location: loc(24, 26, 26, 1) });
    expect(inline.build?.dockerfile).toBeNull();
    expect(inline.devices.map((device) => [device.driver?.value, device.count, device.deviceIds, device.capabilities])).toEqual([
      [
        undefined,
        { value: 'all', location: span(31, 22, 'all') },
        null,
        { value: ['gpu', 'nvidia-compute'], location: span(30, 29, '["gpu", "nvidia-compute"]') },
      ],
      [
        'nvidia',
        null,
        { value: ['0', '3'], location: span(33, 27, '["0", "3"]') },
        { value: ['gpu'], location: span(34, 29, '[gpu]') },
      ],
    ]);
    expect(inline.gpus).toEqual({ value: [{ driver: 'nvidia', count: 2 }], location: loc(36, 7, 38, 1) });
  });

  it('reads a service without settings, and !reset / !override values', () => {
    expect(service(doc, 'empty')).toMatchObject({ name: 'empty', image: null, build: null, devices: [] });
    const reset = service(doc, 'reset');
    expect(reset.image).toBeNull();
    expect(reset.command).toEqual({ value: ['run'], location: span(41, 24, '["run"]') });
    expect(doc.strings.some((string) => string.value === 'null')).toBe(false);
  });

  it('reads include entries in their short and long forms', () => {
    expect(doc.includes).toEqual([
      { value: '../shared/compose.yaml', resolved: '../shared/compose.yaml', location: span(2, 5, '../shared/compose.yaml') },
      { value: './db/compose.yaml', resolved: './db/compose.yaml', location: span(3, 11, './db/compose.yaml') },
      { value: 'a.yaml', resolved: 'a.yaml', location: span(5, 12, 'a.yaml') },
      { value: '${EXTRA:-b}.yaml', resolved: 'extra.yaml', location: span(5, 20, '"${EXTRA:-b}.yaml"') },
    ]);
  });
});

describe('parseCompose with several YAML documents (Compose merges them in order, as override files)', () => {
  const doc = parse(
    [
      'services:', // 1
      '  app:',
      '    build: ./app',
      '    environment:',
      '      A: "1"', // 5
      '---',
      '# the second document overrides and adds',
      'services:',
      '  app:',
      '    image: shop/app:1', // 10
      '    environment:',
      '      HELLO: WORLD',
      '  worker: &worker',
      '    image: shop/worker:1',
      '---', // 15
      '',
    ].join('\n'),
  );

  it('reads every document, without problems, skipping an empty one', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.layers.map((layer) => layer.data)).toEqual([
      { services: { app: { build: './app', environment: { A: '1' } } } },
      { services: { app: { image: 'shop/app:1', environment: { HELLO: 'WORLD' } }, worker: { image: 'shop/worker:1' } } },
    ]);
    expect(doc.data).toEqual(doc.layers[0]?.data);
  });

  it('merges the services of the documents in order', () => {
    expect(doc.services.map((each) => each.name)).toEqual(['app', 'worker']);
    const app = service(doc, 'app');
    expect(app.build?.context.value).toBe('./app');
    expect(app.image).toEqual({ value: 'shop/app:1', resolved: 'shop/app:1', location: span(10, 12, 'shop/app:1') });
    expect([...app.environment.keys()]).toEqual(['A', 'HELLO']);
    expect(app.location).toEqual(span(9, 3, 'app'));
  });

  it('locates each document\'s values in that document', () => {
    expect(doc.layers[1]?.locate(['services', 'worker', 'image'])).toEqual(span(14, 12, 'shop/worker:1'));
    expect(doc.layers[0]?.locate(['services', 'app', 'build'], 'key')).toEqual(span(3, 5, 'build'));
  });

  it('resolves aliases within their own document only', () => {
    const next = parse('x: &a {image: one}\nservices: {s: *a}\n---\nservices: {t: *a}\n');
    expect(next.problems).toEqual([{ location: span(4, 15, '*a'), message: 'unknown anchor "a"' }]);
  });
});

describe('parseCompose volume forms', () => {
  it.each([
    ['./scripts:/app/scripts:ro', './scripts', '/app/scripts'],
    ['../shared:/shared', '../shared', '/shared'],
    ['/srv/models:/models', '/srv/models', '/models'],
    ['~/cache:/cache', '~/cache', '/cache'],
    ['models:/models:ro', null, '/models'],
    ['/var/lib/data', null, '/var/lib/data'],
    ['${SRC:-./src}:/app/src', './src', '/app/src'],
    ['${UNSET}:/app/src', null, null],
    ['{ type: bind, source: ./entry.sh, target: /entry.sh }', './entry.sh', '/entry.sh'],
    ['{ type: bind, source: scripts, target: /scripts, read_only: true }', 'scripts', '/scripts'],
    ['{ type: volume, source: ./looks-like-a-path, target: /data }', null, '/data'],
    ['{ type: tmpfs, target: /tmp }', null, '/tmp'],
  ])('%s → host path %s, target %s', (volume, hostPath, target) => {
    const doc = parse(`services:\n  app:\n    image: app\n    volumes:\n      - ${volume}\n`);
    expect(service(doc, 'app').volumes.map((each) => [each.hostPath, each.target])).toEqual([[hostPath, target]]);
  });
});

describe('parseCompose plain data and locate', () => {
  const doc = parse(shop);

  it('gives the data Compose validates: merges applied, YAML 1.2 scalars typed', () => {
    const data = doc.data as { name: string; services: Record<string, Record<string, unknown>> };
    expect(data.name).toBe('shop');
    expect(data.services.api).toEqual({
      restart: 'unless-stopped',
      environment: ['LOG_LEVEL=info', 'TZ'],
      build: {
        context: '${NODE_CTX:-./services/node}',
        dockerfile: 'Dockerfile',
        args: ['NODE_ENV=production', 'NPM_TOKEN'],
        target: 'runtime',
      },
      image: 'shop/api:${TAG:-dev}',
      command: ['node', 'dist/server.js'],
    });
    expect(data.services.worker?.environment).toEqual({ QUEUE: 'jobs', RETRIES: 3, SECRET: null });
    expect(data.services.trainer?.gpus).toBe('all');
  });

  it('drops !reset entries and keeps !override values', () => {
    const reset = parse('services:\n  web:\n    image: !reset null\n    ports: !reset []\n    command: !override ["run"]\n');
    expect(reset.data).toEqual({ services: { web: { command: ['run'] } } });
  });

  it.each([
    ['a value', ['services', 'api', 'build', 'target'], 'value', span(22, 15, 'runtime')],
    ['a key', ['services', 'api', 'build', 'target'], 'key', span(22, 7, 'target')],
    ['a merged value, at its anchor', ['services', 'api', 'restart'], 'value', span(12, 12, 'unless-stopped')],
    ['a merged key, at its anchor', ['services', 'api', 'build', 'dockerfile'], 'key', span(6, 3, 'dockerfile')],
    ['a sequence item (its value, even for the key)', ['services', 'web', 'volumes', 0], 'key', span(38, 9, './web/static:/srv/static:ro')],
    ['an item by its index as text', ['services', 'trainer', 'deploy', 'resources', 'reservations', 'devices', '0', 'count'], 'value', span(61, 22, '1')],
    ['an empty value, at its key', ['services', 'worker', 'environment', 'SECRET'], 'value', span(33, 7, 'SECRET')],
    ['a path beyond the file, at the deepest part that exists', ['services', 'db', 'image', 'x', 'y'], 'value', span(65, 12, 'postgres:16')],
    ['a missing key, at its mapping', ['services', 'db', 'nope'], 'key', span(64, 3, 'db')],
  ] as const)('locates %s', (_name, path, part, expected) => {
    expect(doc.locate(path, part)).toEqual(expected);
  });

  it('locates the top level at the first node', () => {
    expect(doc.locate([]).range.start).toEqual({ line: 2, column: 1 });
  });

  it.each([
    ['a YAML syntax error', 'services:\n  web:\n    image: a\n    image: b\n'],
    ['an unknown anchor', 'services:\n  web:\n    <<: *missing\n'],
    ['an anchor that merges itself', 'x: &a\n  image: one\n  <<: *a\nservices: {}\n'],
    ['a top-level list', '- a\n'],
  ])('has no data after %s', (_name, text) => {
    expect(parse(text).data).toBeUndefined();
  });

  it('gives null for an empty file', () => {
    expect(parse('# nothing yet\n').data).toBeNull();
  });
});

describe('parseCompose problems', () => {
  it.each([
    ['a tab used as indentation', 'services:\n  web:\n\timage: nginx\n', [[loc(3, 1, 3, 2), 'Tabs are not allowed as indentation']]],
    [
      'an unclosed quote (reported at the opening quote)',
      'services:\n  web:\n    image: nginx\n    command: "npm start\n',
      [[span(4, 14, '"npm start'), 'Missing closing "quote']],
    ],
    [
      'a duplicate key',
      'services:\n  web:\n    image: a\n    image: b\n',
      [[loc(4, 5, 4, 10), 'Map keys must be unique']],
    ],
    [
      'a duplicate key among 2,000, merge keys aside',
      `services:\n${Array.from({ length: 2_000 }, (_, index) => `  s${index}:\n    image: a\n`).join('')}  s7:\n    image: b\nx-a: &a {p: 1}\nx-b: {q: 1, <<: *a, <<: *a}\n`,
      [[loc(4_002, 3, 4_002, 5), 'Map keys must be unique']],
    ],
    [
      'an unknown anchor',
      'services:\n  web:\n    <<: *missing\n    image: a\n',
      [[span(3, 9, '*missing'), 'unknown anchor "missing"']],
    ],
    [
      'a merge of a list of scalars',
      'x-list: &list [1, 2]\nservices:\n  web:\n    <<: *list\n',
      [[span(4, 9, '*list'), 'a merge key (<<) needs a mapping or a list of mappings']],
    ],
    [
      'a malformed ${…}',
      'services:\n  web:\n    command: sh -c "echo ${FILE%.txt}"\n',
      [
        [
          span(3, 14, 'sh -c "echo ${FILE%.txt}"'),
          'invalid interpolation "${FILE%.txt}": Compose refuses it; write $$ for a literal $',
        ],
      ],
    ],
    [
      'a list used as a key',
      'services:\n  ? [api, web]\n  : image: app\n',
      [[span(2, 5, '[api, web]'), 'a key must be a plain value, not a list or a mapping: Compose refuses the file']],
    ],
    [
      'a mapping used as a key',
      'services:\n  web:\n    environment:\n      {A: 1}: x\n',
      [[span(4, 7, '{A: 1}'), 'a key must be a plain value, not a list or a mapping: Compose refuses the file']],
    ],
    [
      'numbers, booleans and null as keys (go-yaml decodes them as such; Compose takes only string keys)',
      'services:\n  123:\n    image: a\n    environment:\n      1: FOO\n      true: x\n      1.5: y\n      ~: z\n      "2": quoted\n      2024-06-01: a date is a string\n',
      [
        [span(2, 3, '123'), 'the key 123 is a number, but Compose takes only strings as keys and refuses the file: quote it ("123")'],
        [span(5, 7, '1'), 'the key 1 is a number, but Compose takes only strings as keys and refuses the file: quote it ("1")'],
        [span(6, 7, 'true'), 'the key true is a boolean, but Compose takes only strings as keys and refuses the file: quote it ("true")'],
        [span(7, 7, '1.5'), 'the key 1.5 is a number, but Compose takes only strings as keys and refuses the file: quote it ("1.5")'],
        [span(8, 7, '~'), 'the key ~ is null, but Compose takes only strings as keys and refuses the file: quote it ("~")'],
      ],
    ],
    ['a top-level list', '- a\n- b\n', [[loc(1, 1, 3, 1), 'the top level of a compose file must be a mapping']]],
    ['a top-level scalar', 'hello', [[span(1, 1, 'hello'), 'the top level of a compose file must be a mapping']]],
  ])('reports %s', (_name, text, expected) => {
    const doc = parse(text);
    expect(doc.problems.map((problem) => [problem.location, problem.message])).toEqual(expected);
  });

  it('never lets the yaml library print a warning on the terminal', () => {
    const emitWarning = vi.spyOn(process, 'emitWarning');
    try {
      parse('services:\n  web:\n    image: a\n    build:\n      args:\n        ? [A, B]\n        : 1\n');
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('still reads what it can around a YAML error', () => {
    const doc = parse('services:\n  web:\n    image: a\n    image: b\n  db:\n    image: postgres\n');
    expect(doc.services.map((each) => [each.name, each.image?.value])).toEqual([
      ['web', 'b'],
      ['db', 'postgres'],
    ]);
  });

  it('stops an alias bomb with one problem, without hanging', () => {
    const lines = ['x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    const levels = 'abcdefghi';
    for (let level = 1; level < levels.length; level++) {
      const previous = `*${levels.charAt(level - 1)}`;
      lines.push(`x-${levels.charAt(level)}: &${levels.charAt(level)} [${Array(9).fill(previous).join(', ')}]`);
    }
    lines.push('x-m0: &m0 {image: base}');
    for (let level = 1; level < 10; level++) {
      lines.push(`x-m${level}: &m${level}`, `  <<: [${Array(9).fill(`*m${level - 1}`).join(', ')}]`);
    }
    lines.push('services:', '  bomb:', '    <<: *m9', '    gpus: *i', '    environment: *i', '');
    const doc = parse(lines.join('\n'));
    expect(doc.problems).toEqual([
      {
        // go-yaml passes its bound while expanding the fourth level.
        location: span(4, 22, '*c'),
        message: EXCESSIVE_ALIASING,
      },
    ]);
    expect(service(doc, 'bomb').image?.value).toBe('base');
    expect(service(doc, 'bomb').gpus).toBeNull();
  });

  it('loads one anchor used by 150 services (as go-yaml does: aliases in proportion to the document)', () => {
    const lines = ['x-restart-policy: &restart_policy', '  restart: unless-stopped', 'x-sentry-defaults: &sentry_defaults', '  <<: *restart_policy', '  image: sentry-self-hosted-local', '  environment:', '    SENTRY_CONF: /etc/sentry', '    SNUBA: http://snuba-api:1218', '  volumes:', '    - sentry-data:/data', 'services:'];
    for (let index = 0; index < 150; index++) lines.push(`  worker-${index}:`, '    <<: *sentry_defaults', `    command: run consumer ingest-${index}`);
    const doc = parse(lines.join('\n'));
    expect(doc.problems).toEqual([]);
    expect(doc.services).toHaveLength(150);
    expect(service(doc, 'worker-149').image?.value).toBe('sentry-self-hosted-local');
    expect((doc.data as { services: Record<string, { restart: string }> }).services['worker-149']?.restart).toBe('unless-stopped');
  });

  it('survives an anchor that merges itself', () => {
    const doc = parse('x: &a\n  image: one\n  <<: *a\nservices:\n  s:\n    <<: *a\n');
    expect(service(doc, 's').image?.value).toBe('one');
    expect(doc.problems).toEqual([{ location: span(3, 7, '*a'), message: 'anchor "a" contains itself: Compose refuses it' }]);
  });

  it('reads binary input as a problem, not a crash', () => {
    const doc = parse('\x00\x01\x02\xff\xfePNG\r\n\x1a\n\x00');
    expect(doc.services).toEqual([]);
    expect(doc.problems.map((problem) => problem.message)).toEqual([
      'the top level of a compose file must be a mapping',
    ]);
  });

  it('accepts empty and comment-only files silently', () => {
    expect(parse('')).toMatchObject({ services: [], includes: [], strings: [], problems: [], comments: [] });
    const commentOnly = parse('# nothing here yet\n');
    expect(commentOnly.problems).toEqual([]);
    expect(commentOnly.comments).toEqual([{ line: 1, text: ' nothing here yet', range: span(1, 1, '# nothing here yet').range }]);
  });

  it('never falls back to its internal-error path on random input', () => {
    let seed = 12345;
    const random = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const alphabet = [
      ...[' ', '  ', '\n', '\t', ':', '- ', '&a', '*a', '<<', '[', ']', '{', '}', ',', '"', "'", '#', '|', '>'],
      ...['!reset', '---', '${X', '}', 'services', 'build', 'x', '\u0000', '\ud800', '%YAML 1.2', '?'],
    ];
    for (let run = 0; run < 400; run++) {
      let text = '';
      const length = random(40);
      for (let index = 0; index < length; index++) text += alphabet[random(alphabet.length)] ?? '';
      const doc = parse(text);
      expect(doc.kind).toBe('compose');
      expect(doc.problems.filter((problem) => problem.message.startsWith('cannot read'))).toEqual([]);
    }
  });
});

describe('parseCompose ports, dependencies, env files and runtime settings', () => {
  const doc = parse(
    [
      'services:',
      '  web:',
      '    container_name: shop-web',
      '    privileged: true',
      '    restart: ${RESTART:-unless-stopped}',
      '    ports:',
      '      - 22:22',
      '      - "127.0.0.1:8080:80/udp"',
      '      - "[::1]:9000-9001:9000-9001"',
      '      - 3000',
      '      - target: 443',
      '        published: "8443"',
      '        host_ip: 0.0.0.0',
      '    depends_on: [db, cache]',
      '    env_file:',
      '      - .env',
      '      - path: ./local.env',
      '        required: false',
      '  worker:',
      '    depends_on:',
      '      db:',
      '        condition: service_healthy',
      '    env_file: worker.env',
      '',
    ].join('\n'),
  );

  it('splits short-form ports as Docker does, and knows which were written unquoted', () => {
    expect(service(doc, 'web').ports.map((port) => ({ ...port, location: undefined }))).toEqual([
      { written: '22:22', plain: true, hostIp: null, published: '22', target: '22', protocol: 'tcp' },
      { written: '127.0.0.1:8080:80/udp', plain: false, hostIp: '127.0.0.1', published: '8080', target: '80', protocol: 'udp' },
      { written: '[::1]:9000-9001:9000-9001', plain: false, hostIp: '::1', published: '9000-9001', target: '9000-9001', protocol: 'tcp' },
      { written: '3000', plain: true, hostIp: null, published: null, target: '3000', protocol: 'tcp' },
      { written: null, plain: false, hostIp: '0.0.0.0', published: '8443', target: '443', protocol: 'tcp' },
    ]);
    expect(service(doc, 'web').ports[0]?.location).toEqual(span(7, 9, '22:22'));
  });

  it('reads depends_on in both forms at the names, env_file in all forms, and scalars as written', () => {
    const web = service(doc, 'web');
    expect(web.dependsOn).toEqual([
      { value: 'db', location: span(14, 18, 'db') },
      { value: 'cache', location: span(14, 22, 'cache') },
    ]);
    expect(service(doc, 'worker').dependsOn).toEqual([{ value: 'db', location: span(21, 7, 'db') }]);
    expect(web.envFiles.map((envFile) => [envFile.path.value, envFile.required])).toEqual([['.env', true], ['./local.env', false]]);
    expect(service(doc, 'worker').envFiles.map((envFile) => envFile.path.value)).toEqual(['worker.env']);
    expect([web.containerName?.value, web.privileged?.value, web.restart?.resolved]).toEqual(['shop-web', 'true', 'unless-stopped']);
  });
});
