import { describe, expect, it } from 'vitest';
import { parseCompose } from '../src/project/compose.js';
import { composeFileGroups, mergeComposeServices, resolveIncludePath } from '../src/project/compose-merge.js';
import type { ComposeDoc, ComposeService } from '../src/project/model.js';
import { SourceFile } from '../src/source.js';
import type { Location } from '../src/source.js';

function parse(path: string, lines: string[]): ComposeDoc {
  return parseCompose(new SourceFile(path, [...lines, ''].join('\n')), new Map([['TAG', '2.0']]));
}

/** The location of `text` written at `line`:`column` of `file`. */
function span(file: string, line: number, column: number, text: string): Location {
  return { file, range: { start: { line, column }, end: { line, column: column + text.length } } };
}

const BASE = 'compose.yaml';
const OVERRIDE = 'compose.override.yaml';

const base = parse(BASE, [
  'services:',
  '  api:',
  '    build:',
  '      context: ./api',
  '      dockerfile: Dockerfile', // 5
  '      target: runtime',
  '      args:',
  '        NODE_ENV: production',
  '        VERSION: "1"',
  '    image: shop/api:${TAG}', // 10
  '    environment:',
  '      LOG_LEVEL: info',
  '      PORT: "8080"',
  '    volumes:',
  '      - ./data:/data', // 15
  '    profiles: [app]',
  '    command: node server.js',
  '  trainer:',
  '    build: ./trainer',
  '    runtime: nvidia', // 20
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia', // 25
  '              count: 1',
  '              capabilities: [gpu]',
]);

const override = parse(OVERRIDE, [
  'services:',
  '  api:',
  '    build:',
  '      target: dev',
  '      args:', // 5
  '        NODE_ENV: development',
  '    environment:',
  '      - LOG_LEVEL=debug',
  '      - DEBUG',
  '    volumes:', // 10
  '      - ./fixtures:/data',
  '      - ./src:/app/src',
  '    profiles: [app, dev]',
  '    command: ["npm", "run", "dev"]',
  '  trainer:', // 15
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia', // 20
  '              count: all',
  '              capabilities: [gpu]',
  '  docs:',
  '    image: nginx',
]);

function named(services: ComposeService[], name: string): ComposeService {
  const found = services.find((service) => service.name === name);
  if (found === undefined) throw new Error(`no service ${name}`);
  return found;
}

describe('mergeComposeServices', () => {
  const merged = mergeComposeServices([base, override]);

  it('keeps services in order of first appearance', () => {
    expect(merged.map((service) => [service.name, service.location])).toEqual([
      ['api', span(OVERRIDE, 2, 3, 'api')],
      ['trainer', span(OVERRIDE, 15, 3, 'trainer')],
      ['docs', span(OVERRIDE, 23, 3, 'docs')],
    ]);
  });

  it('merges build key by key, keeping each value where it was set', () => {
    const build = named(merged, 'api').build;
    expect(build?.location).toEqual(span(OVERRIDE, 3, 5, 'build'));
    expect(build?.context).toEqual({ value: './api', resolved: './api', location: span(BASE, 4, 16, './api') });
    expect(build?.dockerfile?.location).toEqual(span(BASE, 5, 19, 'Dockerfile'));
    expect(build?.target).toEqual({ value: 'dev', resolved: 'dev', location: span(OVERRIDE, 4, 15, 'dev') });
    expect(build?.args).toEqual(
      new Map([
        ['NODE_ENV', { value: 'development', location: span(OVERRIDE, 6, 19, 'development') }],
        ['VERSION', { value: '1', location: span(BASE, 9, 18, '"1"') }],
      ]),
    );
  });

  it('replaces scalars and lists Compose replaces, merges environment, volumes by mount path, and profiles', () => {
    const api = named(merged, 'api');
    expect(api.image).toEqual({ value: 'shop/api:${TAG}', resolved: 'shop/api:2.0', location: span(BASE, 10, 12, 'shop/api:${TAG}') });
    expect(api.command).toEqual({ value: ['npm', 'run', 'dev'], location: span(OVERRIDE, 14, 14, '["npm", "run", "dev"]') });
    expect([...api.environment].map(([name, value]) => [name, value.value, value.location.file])).toEqual([
      ['LOG_LEVEL', 'debug', OVERRIDE],
      ['PORT', '8080', BASE],
      ['DEBUG', null, OVERRIDE],
    ]);
    // The override's volume at /data replaces the base's.
    expect(api.volumes).toEqual([
      { hostPath: './fixtures', target: '/data', location: span(OVERRIDE, 11, 9, './fixtures:/data') },
      { hostPath: './src', target: '/app/src', location: span(OVERRIDE, 12, 9, './src:/app/src') },
    ]);
    expect(api.profiles).toEqual(['app', 'dev']);
  });

  it('replaces device reservations and keeps what the override does not set', () => {
    const trainer = named(merged, 'trainer');
    expect(trainer.devices.map((device) => device.count)).toEqual([
      { value: 'all', location: span(OVERRIDE, 21, 22, 'all') },
    ]);
    expect(trainer.build?.context.value).toBe('./trainer');
    expect(trainer.runtime?.location).toEqual(span(BASE, 20, 14, 'nvidia'));
  });

  it('does not modify its inputs', () => {
    const original = named(base.services, 'api');
    expect(original.build?.target?.value).toBe('runtime');
    expect(original.build?.args.get('NODE_ENV')?.value).toBe('production');
    expect(original.environment.size).toBe(2);
    expect(original.volumes).toHaveLength(1);
    expect(mergeComposeServices([base])).toEqual(base.services);
  });

  it('lets a written context or a string build replace the base context, keeping its dockerfile', () => {
    const stringBuild = parse('compose.dev.yaml', ['services:', '  api:', '    build: ./api-dev']);
    const mergedBuild = named(mergeComposeServices([base, stringBuild]), 'api').build;
    expect(mergedBuild?.context.location).toEqual(span('compose.dev.yaml', 3, 12, './api-dev'));
    expect(mergedBuild?.dockerfile?.value).toBe('Dockerfile');
    expect(mergedBuild?.target?.value).toBe('runtime');
  });
});

describe('composeFileGroups', () => {
  it.each([
    [['compose.yaml'], [['compose.yaml']]],
    [['compose.override.yaml', 'compose.yaml'], [['compose.yaml', 'compose.override.yaml']]],
    [
      ['docker-compose.yml', 'docker-compose.override.yml', 'docker-compose.prod.yml', 'docker-compose.ci.yml'],
      [
        ['docker-compose.yml', 'docker-compose.override.yml'],
        ['docker-compose.yml', 'docker-compose.ci.yml'],
        ['docker-compose.yml', 'docker-compose.prod.yml'],
      ],
    ],
    [
      [
        'services/api/compose.yml',
        'compose.yaml',
        'compose.prod.yaml',
        'services/api/compose.override.yml',
        'tools/docker-compose.override.yml',
      ],
      [
        ['compose.yaml'],
        ['compose.yaml', 'compose.prod.yaml'],
        ['services/api/compose.yml', 'services/api/compose.override.yml'],
        ['tools/docker-compose.override.yml'],
      ],
    ],
    // Compose prefers compose.yaml to docker-compose.yml, and docker-compose.yml to .yaml.
    [['docker-compose.yml', 'compose.yaml'], [['compose.yaml'], ['docker-compose.yml']]],
    [['docker-compose.yaml', 'docker-compose.yml'], [['docker-compose.yml'], ['docker-compose.yaml']]],
    // The first override name present is used, whatever the primary's naming.
    [['compose.yaml', 'docker-compose.override.yml'], [['compose.yaml', 'docker-compose.override.yml']]],
    [
      ['compose.yaml', 'compose.override.yaml', 'compose.override.yml'],
      [
        ['compose.yaml', 'compose.override.yml'],
        ['compose.yaml', 'compose.override.yaml'],
      ],
    ],
    [['stack/compose.prod.yaml', 'stack/compose.prod.yaml'], [['stack/compose.prod.yaml']]],
    [[], []],
  ])('%j → %j', (paths, groups) => {
    expect(composeFileGroups(paths)).toEqual(groups);
  });
});

describe('resolveIncludePath', () => {
  it.each([
    ['compose.yaml', 'other/compose.yaml', 'other/compose.yaml'],
    ['compose.yaml', './db/compose.yaml', 'db/compose.yaml'],
    ['apps/web/compose.yaml', '../shared/compose.yaml', 'apps/shared/compose.yaml'],
    ['apps/compose.yaml', '../../outside.yaml', '../outside.yaml'],
    ['a/b/compose.yaml', 'c//d/./e.yaml', 'a/b/c/d/e.yaml'],
    ['compose.yaml', '/srv/stack/compose.yaml', '/srv/stack/compose.yaml'],
  ])('%s includes %s → %s', (composePath, include, expected) => {
    expect(resolveIncludePath(composePath, include)).toBe(expected);
  });
});

describe('mergeComposeServices: ports, depends_on, env_file and runtime settings', () => {
  it('replaces container_name, privileged and restart; appends ports, dependencies and env files once each', () => {
    const first = parse(BASE, ['services:', '  web:', '    container_name: web', '    restart: always', '    ports: ["8080:80"]', '    depends_on: [db]', '    env_file: .env']);
    const second = parse(OVERRIDE, ['services:', '  web:', '    container_name: web-dev', '    privileged: true', '    ports: ["8080:80", "9229:9229"]', '    depends_on: [db, cache]', '    env_file: [.env, dev.env]']);
    const [web] = mergeComposeServices([first, second]);
    expect([web?.containerName?.value, web?.restart?.value, web?.privileged?.value]).toEqual(['web-dev', 'always', 'true']);
    expect(web?.ports.map((port) => port.written)).toEqual(['8080:80', '9229:9229']);
    expect(web?.dependsOn.map((dependency) => dependency.value)).toEqual(['db', 'cache']);
    expect(web?.envFiles.map((envFile) => envFile.path.value)).toEqual(['.env', 'dev.env']);
    expect(web?.containerName?.location.file).toBe(OVERRIDE);
  });
});
