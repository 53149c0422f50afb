import rule from '../../src/rules/compose-unique-container-names.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'distinct names, a production override that renames one, another project in another directory, an unset variable',
      fixture: 'fixtures/compose-unique-container-names/distinct',
    },
    { name: 'names left to Compose, and an unknown variable', files: { 'compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n    container_name: ${NAME}\n  b:\n    image: alpine:3.20\n    container_name: ${NAME}\n' } },
  ],
  invalid: [
    {
      name: 'a service copied with its name, and a name that a variable default repeats',
      fixture: 'fixtures/compose-unique-container-names/copied-service',
      errors: [
        { messageId: 'duplicate', data: { service: 'api-worker', name: 'shop-api', other: 'api' }, file: 'docker-compose.yml', line: 10, column: 21, related: [{ file: 'docker-compose.yml', line: 4 }] },
        { messageId: 'duplicate', data: { service: 'db-replica', name: 'shop-db', other: 'db' }, file: 'docker-compose.yml', line: 17, column: 21, related: [{ file: 'docker-compose.yml', line: 14 }] },
      ],
    },
    {
      name: 'an override that gives a second service the first one’s name',
      files: {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    container_name: web\n  admin:\n    image: nginx:1.27\n',
        'compose.override.yaml': 'services:\n  admin:\n    container_name: web\n',
      },
      errors: [{ messageId: 'duplicate', data: { service: 'admin', name: 'web', other: 'web' }, file: 'compose.override.yaml', line: 3, column: 21 }],
    },
  ],
});
