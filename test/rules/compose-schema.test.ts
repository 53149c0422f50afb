import rule from '../../src/rules/compose-schema.js';
import { ruleTests } from '../helpers/rule-tester.js';

const api = (lines: string): Record<string, string> => ({ 'compose.yaml': `services:\n  api:\n    image: shop/api:1\n${lines}` });

ruleTests(rule, {
  valid: [
    { name: 'an app with include, merge keys, extensions, long syntax and a !reset override', fixture: 'fixtures/compose-schema/valid-app' },
    { name: 'the snowboarding app before the restructure: valid Compose, only policy problems', fixture: 'fixtures/snowboarding-before' },
    { name: 'a quoted version and interpolated values where numbers go', files: { 'compose.yaml': 'version: "3.8"\nservices:\n  api:\n    image: x\n    cpu_percent: ${CPU:-50}\n    ports: ["${PORT}:80"]\n' } },
    {
      name: 'keys Compose accepts that the packaged schema copy lacks: build attestations and no_cache_filter',
      files: api('    build:\n      context: .\n      provenance: mode=max\n      sbom: true\n      no_cache_filter: [deps, compile]\n  worker:\n    build:\n      context: .\n      provenance: false\n      no_cache_filter: deps\n'),
    },
    {
      name: 'external resources that are only named, one config source, a secret from the environment',
      files: {
        'compose.yaml':
          'services:\n  api:\n    image: x\n    volumes:\n      - type: bind\n        source: ./data\n        target: /data\nvolumes:\n  models:\n    external: true\n    name: shared-models\n  legacy:\n    external:\n      name: legacy-data\n    name: legacy-data\nnetworks:\n  edge:\n    external: true\nsecrets:\n  token:\n    environment: API_TOKEN\nconfigs:\n  nginx:\n    content: "server {}"\n',
      },
    },
    { name: 'broken YAML (parse-error reports it)', files: { 'compose.yaml': 'services:\n  api:\n    image: a\n    image: b\n    bogus: 1\n' } },
    { name: 'a top level that is a list (parse-error reports it)', files: { 'compose.yaml': '- a\n- b\n' } },
  ],
  invalid: [
    {
      name: 'a compose file with one mistake of each kind, each at its own key',
      fixture: 'fixtures/compose-schema/invalid-app',
      errors: [
        { messageId: 'needsQuotes', data: { where: 'version', written: '3.8', kind: 'a number' }, file: 'docker-compose.yml', line: 1, column: 10 },
        { messageId: 'unknownKeySuggestion', data: { key: 'imgae', where: 'services.api', suggestion: 'image' }, file: 'docker-compose.yml', line: 5, column: 5 },
        { messageId: 'unknownKeySuggestion', data: { key: 'dockerfil', where: 'services.api.build', suggestion: 'dockerfile' }, file: 'docker-compose.yml', line: 8, column: 7 },
        { messageId: 'wrongType', data: { where: 'services.api.ports', actual: "the string '3000:3000'", expected: 'a list' }, file: 'docker-compose.yml', line: 9, column: 12 },
        { messageId: 'wrongType', data: { where: 'services.api.environment[0]', actual: 'a mapping', expected: 'a string' }, file: 'docker-compose.yml', line: 11, column: 9 },
        {
          messageId: 'notAllowed',
          data: { where: 'services.api.depends_on.db.condition', actual: "the string 'started'", expected: "'service_started', 'service_healthy' or 'service_completed_successfully'" },
          file: 'docker-compose.yml',
          line: 14,
          column: 20,
        },
        { messageId: 'outOfRange', data: { where: 'services.api.cpu_percent', actual: 'an integer (150)', limit: 'at most 100' }, file: 'docker-compose.yml', line: 15, column: 18 },
        { messageId: 'patternMismatch', file: 'docker-compose.yml', line: 16, column: 18 },
        { messageId: 'missingKey', data: { where: 'services.api.deploy.resources.reservations.devices[0]', keys: "'capabilities'", count: 'key' }, file: 'docker-compose.yml', line: 21, column: 15 },
        { messageId: 'duplicateItem', data: { where: 'services.db.volumes[1]', value: "'db-data:/var/lib/postgresql/data'", first: '0' }, file: 'docker-compose.yml', line: 28, column: 9 },
        { messageId: 'notAllowed', data: { where: 'services.db.gpus', actual: "the string 'some'", expected: "'all'" }, file: 'docker-compose.yml', line: 29, column: 11 },
        { messageId: 'invalidName', data: { key: 'cache server', where: 'services', patterns: '^[a-zA-Z0-9._-]+$' }, file: 'docker-compose.yml', line: 31, column: 3 },
      ],
    },
    {
      name: 'one anchor merged into more than 100 services: Compose loads it, so it is schema-checked',
      fixture: 'fixtures/compose-schema/many-anchor-uses',
      errors: [{ messageId: 'needsQuotes', data: { where: 'services.cron.stop_grace_period', written: '60', kind: 'a number' }, file: 'docker-compose.yml', line: 372, column: 24 }],
    },
    {
      name: 'a file of two YAML documents: each is checked, errors located in their own document',
      files: { 'compose.yaml': 'services:\n  api:\n    image: shop/api:1\n    imgae: typo\n---\nservices:\n  api:\n    ports: "8080:80"\n' },
      errors: [
        { messageId: 'unknownKeySuggestion', data: { key: 'imgae', where: 'services.api', suggestion: 'image' }, file: 'compose.yaml', line: 4, column: 5 },
        { messageId: 'wrongType', data: { where: 'services.api.ports', actual: "the string '8080:80'", expected: 'a list' }, file: 'compose.yaml', line: 8, column: 12 },
      ],
    },
    {
      name: "what Compose's loader refuses beyond the schema, each at its key",
      files: {
        'compose.yaml': [
          'services:', // 1
          '  trainer:',
          '    image: ml/trainer:1',
          '    deploy:',
          '      resources:', // 5
          '        reservations:',
          '          devices:',
          '            - driver: nvidia',
          '              count: 1',
          '              device_ids: ["0"]', // 10
          '              capabilities: [gpu]',
          '    volumes:',
          '      - type: bind',
          '        target: /data',
          '    develop:', // 15
          '      watch:',
          '        - path: ""',
          '          action: sync',
          '          target: /app',
          'volumes:', // 20
          '  models:',
          '    external: true',
          '    driver: local',
          '  cache:',
          '    name: cache-v2', // 25
          '    external:',
          '      name: cache-v1',
          'secrets:',
          '  token:',
          '    environment: API_TOKEN', // 30
          '    file: ./token.txt',
          'configs:',
          '  nginx:',
          '    file: ./nginx.conf',
          '    content: "server {}"', // 35
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'countAndDeviceIds', data: { where: 'services.trainer.deploy.resources.reservations.devices[0]' }, file: 'compose.yaml', line: 10, column: 15 },
        { messageId: 'bindWithoutSource', data: { where: 'services.trainer.volumes[0]' }, file: 'compose.yaml', line: 13, column: 9 },
        { messageId: 'blankWatchPath', data: { where: 'services.trainer.develop.watch[0].path' }, file: 'compose.yaml', line: 17, column: 17 },
        { messageId: 'externalConflict', data: { where: 'volumes.models', key: 'driver' }, file: 'compose.yaml', line: 23, column: 5 },
        { messageId: 'externalNameConflict', data: { where: 'volumes.cache' }, file: 'compose.yaml', line: 27, column: 7 },
        { messageId: 'exclusiveSources', data: { where: 'secrets.token', key: 'file', first: 'environment', keys: 'file, environment' }, file: 'compose.yaml', line: 31, column: 5 },
        { messageId: 'exclusiveSources', data: { where: 'configs.nginx', key: 'content', first: 'file', keys: 'file, environment, content' }, file: 'compose.yaml', line: 35, column: 5 },
      ],
    },
    {
      name: 'an empty compose file',
      files: { 'compose.yaml': '# services come later\n' },
      errors: [{ messageId: 'emptyFile', file: 'compose.yaml', line: 1, column: 1 }],
    },
    {
      name: 'a value that fits none of the forms: the forms are listed together',
      files: api('    build: 5\n    gpus: 2\n'),
      errors: [
        { messageId: 'wrongType', data: { where: 'services.api.build', actual: 'an integer (5)', expected: 'a string or a mapping' }, file: 'compose.yaml', line: 4, column: 12 },
        { messageId: 'wrongType', data: { where: 'services.api.gpus', actual: 'an integer (2)', expected: "'all' or a list" }, file: 'compose.yaml', line: 5, column: 11 },
      ],
    },
    {
      name: 'an unknown key without a near name, in a mapping and at the top level',
      files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    frobnicate: 1\nnetwork:\n  default: {}\n' },
      errors: [
        { messageId: 'unknownKey', data: { key: 'frobnicate', where: 'services.api' }, file: 'compose.yaml', line: 4, column: 5 },
        { messageId: 'unknownKeySuggestion', data: { key: 'network', where: 'the top level', suggestion: 'networks' }, file: 'compose.yaml', line: 5, column: 1 },
      ],
    },
    {
      name: 'a mistake in an anchor, reported where the anchor writes it',
      files: { 'compose.yaml': 'x-common: &common\n  restart: 5\nservices:\n  api:\n    <<: *common\n    image: x\n' },
      errors: [{ messageId: 'needsQuotes', data: { where: 'services.api.restart', written: '5', kind: 'a number' }, file: 'compose.yaml', line: 2, column: 12 }],
    },
    {
      name: 'two missing keys at once, while yes and on stay strings (YAML 1.2)',
      files: api('    ulimits:\n      nofile: {}\n    labels:\n      managed: yes\n    container_name: on\n'),
      errors: [{ messageId: 'missingKey', data: { where: 'services.api.ulimits.nofile', keys: "'soft' and 'hard'", count: 'keys' }, file: 'compose.yaml', line: 5, column: 7 }],
    },
    {
      name: 'a mistake in an included file and an override file, each in its own file',
      files: {
        'compose.yaml': 'include:\n  - db.yaml\nservices:\n  api:\n    image: x\n',
        'compose.override.yaml': 'services:\n  api:\n    ports: 3000\n',
        'db.yaml': 'services:\n  db:\n    image: postgres\n    helthcheck:\n      test: ["CMD", "pg_isready"]\n',
      },
      errors: [
        { messageId: 'wrongType', data: { where: 'services.api.ports', actual: 'an integer (3000)', expected: 'a list' }, file: 'compose.override.yaml', line: 3, column: 12 },
        { messageId: 'unknownKeySuggestion', data: { key: 'helthcheck', where: 'services.db', suggestion: 'healthcheck' }, file: 'db.yaml', line: 4, column: 5 },
      ],
    },
  ],
});
