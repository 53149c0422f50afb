import rule from '../../src/rules/compose-depends-on-known.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'dependencies on included services and, from an override file, on services of the base file', fixture: 'fixtures/compose-depends-on-known/stack' },
  ],
  invalid: [
    {
      name: 'a database renamed without its dependents, in the short and the long form',
      fixture: 'fixtures/compose-depends-on-known/renamed-db',
      errors: [
        { messageId: 'unknown', data: { service: 'api', dependency: 'postgres', suggestion: '' }, file: 'docker-compose.yml', line: 5, column: 9 },
        { messageId: 'unknown', data: { service: 'worker', dependency: 'postgres', suggestion: '' }, file: 'docker-compose.yml', line: 10, column: 7 },
        { messageId: 'unknown', data: { service: 'worker', dependency: 'queue', suggestion: '' }, file: 'docker-compose.yml', line: 12, column: 7 },
      ],
    },
    {
      name: 'a typo, with the service it probably means',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [bakend]\n  backend:\n    image: shop/api:1\n' },
      errors: [{ messageId: 'unknown', data: { service: 'web', dependency: 'bakend', suggestion: " (did you mean 'backend'?)" }, file: 'compose.yaml', line: 4, column: 18 }],
    },
  ],
});
