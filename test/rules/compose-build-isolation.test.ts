import rule from '../../src/rules/compose-build-isolation.js';
import { ruleTests } from '../helpers/rule-tester.js';

const DOCKERFILE = 'FROM alpine:3.20\n';

ruleTests(rule, {
  valid: [
    { name: 'every service in its own directory, sibling bases with a common prefix, a prod override', fixture: 'fixtures/compose-build-isolation/isolated' },
    {
      name: 'a context unknown because of an unset variable is not guessed',
      files: { 'compose.yaml': 'services:\n  a:\n    build: ${A_DIR}\n  b:\n    build: ${A_DIR}\n', 'x/Dockerfile': DOCKERFILE },
    },
    {
      name: 'a remote context',
      files: { 'compose.yaml': 'services:\n  a:\n    build: https://github.com/example/app.git#main\n  b:\n    build: https://github.com/example/app.git#main\n' },
    },
    {
      name: 'a production override that builds another Dockerfile of the same service',
      files: {
        'compose.yaml': 'services:\n  api:\n    build: api\n',
        'compose.prod.yaml': 'services:\n  api:\n    build:\n      dockerfile: Dockerfile.prod\n',
        'api/Dockerfile': DOCKERFILE,
        'api/Dockerfile.prod': DOCKERFILE,
      },
    },
    {
      name: "a context that excludes the nested one in its .dockerignore",
      files: {
        'compose.yaml': 'services:\n  app:\n    build: app\n  plugin:\n    build: app/plugin\n',
        'app/Dockerfile': DOCKERFILE,
        'app/.dockerignore': 'plugin\n',
        'app/plugin/Dockerfile': DOCKERFILE,
      },
    },
    {
      name: 'a single service building the repository root: no other service to isolate it from (dockerignore-required judges the context)',
      files: { 'docker-compose.yml': 'services:\n  web:\n    build: .\n    ports:\n      - "3000:3000"\n  redis:\n    image: redis:7\n', Dockerfile: DOCKERFILE },
    },
    {
      name: 'a single service building the directory of its compose file',
      files: { 'deploy/compose.yaml': 'services:\n  app:\n    build:\n      dockerfile: Dockerfile\n', 'deploy/Dockerfile': DOCKERFILE },
    },
  ],
  invalid: [
    {
      name: 'a single service is still judged on the rest: a context that does not exist',
      files: { 'compose.yaml': 'services:\n  app:\n    build: ./ap\n', 'app/Dockerfile': DOCKERFILE },
      errors: [{ messageId: 'missingContext', data: { service: 'app', context: 'ap' }, file: 'compose.yaml', line: 3, column: 12 }],
    },
    {
      name: 'frontend builds from the repository root with a Dockerfile deep inside it',
      fixture: 'fixtures/compose-build-isolation/frontend-root-context',
      errors: [{ messageId: 'repositoryRoot', data: { service: 'frontend', dockerfileHint: ", 'backend/web' where its Dockerfile is" }, file: 'docker-compose.yml', line: 4, column: 16 }],
    },
    {
      name: 'two services share ./backend (with different Dockerfiles)',
      fixture: 'fixtures/compose-build-isolation/shared-backend',
      errors: [
        {
          messageId: 'sharedContext',
          data: { service: 'worker', other: 'api', context: 'backend' },
          file: 'docker-compose.yml',
          line: 9,
          column: 16,
          related: [{ file: 'docker-compose.yml', line: 3, column: 12 }],
        },
      ],
    },
    {
      name: 'a context that contains another service context, by path segment',
      files: {
        'compose.yaml': 'services:\n  base:\n    build: docker/base\n  base-gpu:\n    build: docker/base-gpu\n  all:\n    build: docker\n',
        'docker/Dockerfile': DOCKERFILE,
        'docker/base/Dockerfile': DOCKERFILE,
        'docker/base-gpu/Dockerfile': DOCKERFILE,
      },
      errors: [
        { messageId: 'nestedContext', data: { service: 'all', context: 'docker', other: 'base', inner: 'docker/base', relative: 'base' }, file: 'compose.yaml', line: 7, column: 12, related: [{ file: 'compose.yaml', line: 3 }] },
        { messageId: 'nestedContext', data: { service: 'all', context: 'docker', other: 'base-gpu', inner: 'docker/base-gpu', relative: 'base-gpu' }, file: 'compose.yaml', line: 7, column: 12, related: [{ file: 'compose.yaml', line: 5 }] },
      ],
    },
    {
      name: 'a compose file in a sub-directory whose service builds from that directory, next to another service',
      files: {
        'deploy/compose.yaml': 'services:\n  app:\n    build:\n      dockerfile: Dockerfile\n  admin:\n    build: admin\n',
        'deploy/Dockerfile': DOCKERFILE,
        'deploy/admin/Dockerfile': DOCKERFILE,
      },
      errors: [{ messageId: 'projectRoot', data: { service: 'app', context: 'deploy', dockerfileHint: '' }, file: 'deploy/compose.yaml', line: 3, column: 5 }],
    },
    {
      name: 'contexts and Dockerfiles that are outside, missing or inline',
      files: {
        'compose.yaml': [
          'services:',
          '  outside:',
          '    build: ../shared/app',
          '  gone:',
          '    build: ./servcies/gone',
          '  nofile:',
          '    build:',
          '      context: nofile',
          '      dockerfile: Dockerfile.prod',
          '  borrowed:',
          '    build:',
          '      context: borrowed',
          '      dockerfile: ../docker/app.Dockerfile',
          '  inline:',
          '    build:',
          '      context: inline',
          '      dockerfile_inline: |',
          '        FROM alpine:3.20',
          '',
        ].join('\n'),
        'nofile/Dockerfile': DOCKERFILE,
        'borrowed/app.py': 'print(1)\n',
        'docker/app.Dockerfile': DOCKERFILE,
        'inline/app.py': 'print(1)\n',
      },
      errors: [
        { messageId: 'contextOutside', data: { service: 'outside', context: '../shared/app' }, file: 'compose.yaml', line: 3, column: 12 },
        { messageId: 'missingContext', data: { service: 'gone', context: 'servcies/gone' }, file: 'compose.yaml', line: 5, column: 12 },
        { messageId: 'missingDockerfile', data: { service: 'nofile', dockerfile: 'nofile/Dockerfile.prod', context: 'nofile' }, file: 'compose.yaml', line: 9, column: 19 },
        { messageId: 'dockerfileOutside', data: { service: 'borrowed', dockerfile: 'docker/app.Dockerfile', context: 'borrowed' }, file: 'compose.yaml', line: 13, column: 19 },
        { messageId: 'inlineDockerfile', data: { service: 'inline' }, file: 'compose.yaml', line: 17, column: 26 },
      ],
    },
    {
      name: 'two contexts with one Dockerfile, and a shared context found through .env interpolation',
      files: {
        'compose.yaml': [
          'services:',
          '  api:',
          '    build:',
          '      context: api',
          '      dockerfile: ../docker/Dockerfile',
          '  admin:',
          '    build:',
          '      context: admin',
          '      dockerfile: ../docker/Dockerfile',
          '  web:',
          '    build: ${WEB_DIR}',
          '  web-ssr:',
          '    build: ./web',
          '',
        ].join('\n'),
        '.env': 'WEB_DIR=./web\n',
        'api/app.py': '',
        'admin/app.py': '',
        'docker/Dockerfile': DOCKERFILE,
        'web/Dockerfile': DOCKERFILE,
      },
      errors: [
        { messageId: 'dockerfileOutside', file: 'compose.yaml', line: 5, column: 19 },
        { messageId: 'dockerfileOutside', file: 'compose.yaml', line: 9, column: 19 },
        { messageId: 'sharedDockerfile', data: { service: 'admin', other: 'api', dockerfile: 'docker/Dockerfile' }, file: 'compose.yaml', line: 9, column: 19, related: [{ file: 'compose.yaml', line: 5 }] },
        { messageId: 'sharedContext', data: { service: 'web-ssr', other: 'web', context: 'web' }, file: 'compose.yaml', line: 13, column: 12, related: [{ file: 'compose.yaml', line: 11 }] },
      ],
    },
    {
      name: 'an override file and an included file, read as one project',
      files: {
        'compose.yaml': 'include:\n  - tools/compose.yaml\nservices:\n  api:\n    build: api\n  worker:\n    build: worker\n',
        'compose.override.yaml': 'services:\n  worker:\n    build:\n      context: api\n',
        'tools/compose.yaml': 'services:\n  migrate:\n    build: ../api\n',
        'api/Dockerfile': DOCKERFILE,
        'worker/Dockerfile': DOCKERFILE,
      },
      errors: [
        { messageId: 'sharedContext', data: { service: 'worker', other: 'api', context: 'api' }, file: 'compose.override.yaml', line: 4, column: 16, related: [{ file: 'compose.yaml', line: 5 }] },
        { messageId: 'sharedContext', data: { service: 'migrate', other: 'api', context: 'api' }, file: 'tools/compose.yaml', line: 3, column: 12, related: [{ file: 'compose.yaml', line: 5 }] },
      ],
    },
  ],
});
