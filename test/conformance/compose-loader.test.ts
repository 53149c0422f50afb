/**
 * Conformance with compose-go's loader (how `docker compose config` reads a file): its YAML decoding
 * (go-yaml v3: unique string keys, merge keys, the alias bound), interpolation, the JSON schema, and the
 * checks it runs beyond the schema (validation/*.go and the loader's transforms). Cases are written from
 * the upstream code's behaviour; each group names it. Every case goes through `lint()` on a small project
 * and looks at what `parse-error` and `compose-schema` report on the compose file: nothing where Compose
 * loads the file, the refusal where it does not.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tempTree } from '../helpers/tmp.js';

type Rule = 'parse-error' | 'compose-schema';
/** One refusal: the rule reporting it, its line in compose.yaml, and what the message says. */
type Refusal = [rule: Rule, line: number, says: RegExp];
/** A compose.yaml (with `other.yaml` and `.env` beside it) and what is refused; `[]` when Compose loads it. */
type Case = [name: string, compose: string, refused: Refusal[]];

const SERVICE = 'services:\n  api:\n    image: shop/api:1\n';
const BESIDE = { 'other.yaml': 'services:\n  db:\n    image: postgres:16\n', '.env': 'TAG=1.2\n' };

function check(cases: Case[]): void {
  it.each(cases)('%s', async (_name, compose, refused) => {
    const { findings } = await lint({ cwd: tempTree({ 'compose.yaml': compose, ...BESIDE }) });
    const found = findings.filter((finding) => finding.file === 'compose.yaml' && (finding.rule === 'parse-error' || finding.rule === 'compose-schema'));
    expect(found.map((finding) => [finding.rule, finding.line])).toEqual(refused.map(([rule, line]) => [rule, line]));
    found.forEach((finding, index) => {
      expect(finding.message).toMatch(refused[index]?.[2] ?? /^$/);
    });
  });
}

describe('template.Substitute: interpolation forms', () => {
  check([
    ['defaults, alternatives, `$$` and bare names load', `${SERVICE}    environment:\n      A: \${TAG:-latest}\n      B: \${TAG-latest}\n      C: \${TAG:+set}\n      D: $$HOME\n      E: $TAG\n      F: \${TAG}\n`, []],
    ['a default may hold another substitution', `${SERVICE}    environment:\n      A: \${MISSING:-\${TAG:-x}}\n`, []],
    ['an empty default is a default', `${SERVICE}    environment:\n      A: \${MISSING:-}\n`, []],
    ['`${VAR?err}` and `${VAR:?err}` load when the variable is set (here by .env)', `${SERVICE}    environment:\n      A: \${TAG?need a tag}\n      B: \${TAG:?need a tag}\n`, []],
    ['an unclosed `${` is an invalid template', `${SERVICE}    environment:\n      A: \${TAG\n`, [['parse-error', 5, /invalid interpolation "\$\{TAG"/]]],
    ['`${}` names nothing: invalid', `${SERVICE}    environment:\n      A: \${}\n`, [['parse-error', 5, /invalid interpolation "\$\{\}"/]]],
    ['interpolated numbers are strings before the schema, so a port or a percentage may be a variable', `${SERVICE}    cpu_percent: \${CPU:-50}\n    ports:\n      - "\${PORT:-8080}:80"\n`, []],
  ]);
});

describe('go-yaml v3 decoding into map[string]any', () => {
  check([
    ['a key given twice in one mapping is refused ("mapping key already defined")', 'services:\n  api:\n    image: a\n    image: b\n', [['parse-error', 4, /Map keys must be unique/]]],
    ['an integer key (a service named 123) is no string: refused', 'services:\n  123:\n    image: a\n', [['parse-error', 2, /the key 123 is a number/]]],
    ['an integer key in environment is refused too', `${SERVICE}    environment:\n      1: FOO\n`, [['parse-error', 5, /the key 1 is a number/]]],
    ['a boolean key is refused', `${SERVICE}    labels:\n      true: x\n`, [['parse-error', 5, /the key true is a boolean/]]],
    ['a null key is refused', `${SERVICE}    labels:\n      ~: x\n`, [['parse-error', 5, /the key ~ is null/]]],
    ['a quoted number is a string key', 'services:\n  "123":\n    image: a\n', []],
    ['a top level that is not a mapping is refused', '- api\n- db\n', [['parse-error', 1, /top level of a compose file must be a mapping/]]],
    ['an empty file is refused ("empty compose file")', '', [['compose-schema', 1, /The compose file is empty/]]],
  ]);
});

describe('multi-document files: each document is a layer merged over the previous', () => {
  check([
    ['two documents load', `${SERVICE}---\nservices:\n  web:\n    image: web:1\n`, []],
    ['each document is schema-checked on its own lines', `${SERVICE}---\nservices:\n  web:\n    imgae: web:1\n`, [['compose-schema', 7, /Unknown key 'imgae'/]]],
  ]);
});

describe('merge keys and anchors', () => {
  check([
    ['`<<` with one alias or a list of aliases merges, the mapping\'s own keys win', 'x-base: &base\n  image: x\n  restart: always\nservices:\n  api:\n    <<: *base\n  web:\n    <<: [*base]\n    image: y\n', []],
    ['`<<` with a sequence of scalars is refused (go-yaml v3: "map merge requires map or sequence of maps")', 'x-base: &base [1]\nservices:\n  api:\n    <<: *base\n    image: x\n', [['parse-error', 4, /a merge key \(<<\) needs a mapping/]]],
    ['an alias to an unknown anchor is refused', 'services:\n  api:\n    image: *nope\n', [['parse-error', 3, /unknown anchor "nope"/]]],
    [
      'aliases nested until they expand out of proportion are refused ("document contains excessive aliasing")',
      `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n${SERVICE}`,
      [['parse-error', 4, /aliases expand out of proportion/]],
    ],
  ]);

  it('one anchor merged into 150 services is in proportion to the document: it loads', async () => {
    const services = Array.from({ length: 150 }, (_, index) => `  worker-${index}:\n    <<: *worker\n`).join('');
    const { findings } = await lint({ cwd: tempTree({ 'compose.yaml': `x-worker: &worker\n  image: shop/worker:1\n  restart: unless-stopped\nservices:\n${services}` }) });
    expect(findings.filter((finding) => finding.rule === 'parse-error' || finding.rule === 'compose-schema')).toEqual([]);
  });
});

describe('volumes and ports: short and long syntax', () => {
  check([
    ['short volumes: relative and absolute binds, named volumes, access modes', `${SERVICE}    volumes:\n      - ./data:/data:ro\n      - /srv/cache:/cache:rw,z\n      - models:/models\nvolumes:\n  models: {}\n`, []],
    ['a long volume with its type options', `${SERVICE}    volumes:\n      - type: volume\n        source: models\n        target: /models\n        volume:\n          nocopy: true\n      - type: tmpfs\n        target: /tmp\n        tmpfs:\n          size: 1000\nvolumes:\n  models: {}\n`, []],
    ['a long volume with an unknown key is refused by the schema', `${SERVICE}    volumes:\n      - type: volume\n        target: /models\n        readonly_: true\n`, [['compose-schema', 7, /Unknown key 'readonly_'/]]],
    ['short ports: container only, host:container, ranges, an address and a protocol', `${SERVICE}    ports:\n      - "80:80"\n      - 8080\n      - "127.0.0.1:5000-5010:5000-5010/udp"\n`, []],
    ['a long port with `published` as a string and a mode', `${SERVICE}    ports:\n      - target: 80\n        published: "8080"\n        protocol: tcp\n        mode: host\n`, []],
    ['a long port with an unknown key is refused', `${SERVICE}    ports:\n      - target: 80\n        hostport: 8080\n`, [['compose-schema', 6, /Unknown key 'hostport'/]]],
    ['ports must be a list, not one string', `${SERVICE}    ports: "8080:80"\n`, [['compose-schema', 4, /services\.api\.ports/]]],
  ]);
});

describe('extends and include', () => {
  check([
    ['extends a service of this file, or of another file', `${SERVICE}  web:\n    extends:\n      service: api\n  db:\n    extends:\n      file: other.yaml\n      service: db\n`, []],
    ['extends as the bare service name', `${SERVICE}  web:\n    extends: api\n`, []],
    ['extends without `service` is refused by the schema', `${SERVICE}  web:\n    extends:\n      file: other.yaml\n`, [['compose-schema', 5, /lacks the required key 'service'/]]],
    ['include as paths or as long entries', `include:\n  - other.yaml\n  - path: other.yaml\n    env_file: .env\n${SERVICE}`, []],
    ['an include entry with an unknown key is refused', `include:\n  - file: other.yaml\n${SERVICE}`, [['compose-schema', 2, /Unknown key 'file' in include\[0\]/]]],
  ]);
});

describe('the schema: keys Compose accepts today', () => {
  check([
    ['lifecycle hooks', `${SERVICE}    post_start:\n      - command: echo started\n    pre_stop:\n      - command: echo stopping\n`, []],
    ['build attestations and no_cache_filter', `${SERVICE}    build:\n      context: .\n      provenance: mode=max\n      sbom: true\n      no_cache_filter: [deps]\n`, []],
    ['`!reset` drops an inherited value', `${SERVICE}    ports: !reset []\n`, []],
    ['environment as a list, or a mapping with null, number and boolean values', `${SERVICE}    environment:\n      A:\n      B: 1\n      C: true\n  web:\n    image: web:1\n    environment:\n      - A=1\n      - B\n`, []],
    ['durations are strings: an unquoted number is refused', `${SERVICE}    healthcheck:\n      interval: 10\n`, [['compose-schema', 5, /healthcheck\.interval must be a string/]]],
  ]);
});

describe('validation/*.go and the loader: checks beyond the schema', () => {
  check([
    ['checkExternal: an external volume takes only `name` (and extensions)', `${SERVICE}volumes:\n  models:\n    external: true\n    name: shared-models\n    x-note: kept\n`, []],
    ['checkExternal: an external volume with a driver is refused', `${SERVICE}volumes:\n  models:\n    external: true\n    driver: local\n`, [['compose-schema', 7, /'driver' beside `external: true`/]]],
    ['checkExternal: … or with driver_opts', `${SERVICE}volumes:\n  models:\n    external: true\n    driver_opts:\n      type: nfs\n`, [['compose-schema', 7, /'driver_opts' beside `external: true`/]]],
    ['checkExternal runs on volumes only: an external network with a driver loads', `${SERVICE}networks:\n  edge:\n    external: true\n    driver: bridge\n`, []],
    ['the deprecated `external.name` must equal `name` when both are given', `${SERVICE}volumes:\n  legacy:\n    external:\n      name: a\n    name: b\n`, [['compose-schema', 7, /`name` and a different `external\.name`/]]],
    ['… and loads when they agree', `${SERVICE}networks:\n  legacy:\n    external:\n      name: a\n    name: a\n`, []],
    ['checkFileObject: a config takes one of file, environment and content', `${SERVICE}configs:\n  nginx:\n    file: ./nginx.conf\n    content: "server {}"\n`, [['compose-schema', 7, /'content' beside 'file'/]]],
    ['checkSecrets: content is not allowed for secrets', `${SERVICE}secrets:\n  token:\n    content: abc\n`, [['compose-schema', 6, /Unknown key 'content' in secrets\.token/]]],
    ['a device reservation with both count and device_ids is refused', `${SERVICE}    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: 1\n              device_ids: ["0"]\n`, [['compose-schema', 10, /Both `count` and `device_ids`/]]],
    ['… either alone loads', `${SERVICE}    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: all\n            - capabilities: [gpu]\n              device_ids: ["0", "1"]\n`, []],
    ['a long bind mount without a source is refused', `${SERVICE}    volumes:\n      - type: bind\n        target: /data\n`, [['compose-schema', 5, /A bind mount without a `source`/]]],
    ['checkPath: a develop.watch path cannot be blank', `${SERVICE}    develop:\n      watch:\n        - action: sync\n          path: ""\n          target: /app\n`, [['compose-schema', 7, /A watch rule without a path/]]],
  ]);
});
