/**
 * The precompiled Compose validator (src/generated/, written by the build) must behave exactly as the
 * schema compiled by Ajv at run time: same verdicts, same errors, on valid and broken files. It uses
 * our own runtime helpers and collects errors without Ajv's quadratic concat, so this is checked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import validate, { schemaAdditions, schemaOutline, schemaSource } from '../src/generated/compose-validator.js';
import additions from '../scripts/compose-schema-additions.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '..');
const dclintDir = path.join(root, 'node_modules', 'dclint');
const packaged = JSON.parse(readFileSync(path.join(dclintDir, 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;

/** The packaged schema with the additions put in place (a test's own reading of the pointers). */
function withAdditions(original: Record<string, unknown>): Record<string, unknown> {
  const result = structuredClone(original);
  for (const addition of additions) {
    const segments = addition.pointer.split('/').slice(1);
    const key = segments.pop() ?? '';
    const parent = segments.reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], result) as Record<string, unknown>;
    parent[key] = addition.schema;
  }
  return result;
}

const schema = withAdditions(packaged);
const runtime = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, inlineRefs: false }).compile({
  ...schema,
  $schema: 'http://json-schema.org/draft-07/schema#',
});

const files = [
  'docker-compose.yml',
  'fixtures/snowboarding-before/docker-compose.yml',
  'fixtures/compose-schema/valid-app/compose.yaml',
  'fixtures/compose-schema/valid-app/db/compose.yaml',
  'fixtures/compose-schema/invalid-app/docker-compose.yml',
  'fixtures/compose-gpu-reservation/gpu-mistakes/compose.yaml',
];

const crafted: [string, unknown][] = [
  ['duplicate long-form ports (deep equality)', { services: { a: { image: 'x', ports: [{ target: 80, published: '8080' }, { target: 80, published: '8080' }] } } }],
  ['ports that differ in one nested value', { services: { a: { image: 'x', ports: [{ target: 80, published: '8080' }, { target: 80, published: '8081' }] } } }],
  ['many broken services (errors from many definitions)', { services: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`s${i}`, { imgae: 'x', build: i, ports: 'p' }])) }],
  ['an empty file', null],
  ['a list at the top level', ['a']],
  ['the added build keys, right and wrong', { services: { a: { build: { context: '.', provenance: 'mode=max', sbom: 1, no_cache_filter: ['deps', 2] } } } }],
];

describe('the precompiled Compose validator', () => {
  it('comes from the installed dclint schema', () => {
    const { version } = JSON.parse(readFileSync(path.join(dclintDir, 'package.json'), 'utf8')) as { version: string };
    expect(schemaSource).toBe(`dclint@${version} schemas/compose.schema.json`);
    expect(schemaAdditions).toEqual(additions.map((addition) => addition.pointer));
  });

  it.each([...files.map((file): [string, unknown] => [file, parse(readFileSync(path.join(root, file), 'utf8'), { merge: true })]), ...crafted])(
    'agrees with Ajv compiling the schema at run time: %s',
    (_name, data) => {
      const expected = runtime(data);
      expect(validate(data)).toBe(expected);
      expect(validate.errors ?? null).toEqual(runtime.errors ?? null);
    },
  );

  it('finds errors in the crafted broken inputs and none in the valid ones', () => {
    expect(validate({ services: { a: { image: 'x', ports: [{ target: 80 }, { target: 80 }] } } })).toBe(false);
    expect(validate.errors?.map((error) => error.keyword)).toEqual(['uniqueItems']);
    expect(validate(parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')))).toBe(true);
  });

  it('ships an outline of the schema with the keys each definition allows', () => {
    const outline = JSON.parse(schemaOutline) as { definitions: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(outline.definitions.service?.properties ?? {})).toEqual(Object.keys((schema.definitions as Record<string, { properties: object }>).service?.properties ?? {}));
  });
});
