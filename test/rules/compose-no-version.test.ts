import rule from '../../src/rules/compose-no-version.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'a compose file without `version`, a label called version', fixture: 'fixtures/compose-no-version/spec' },
    { name: 'version below the top level is not the obsolete key', files: { 'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n    environment:\n      version: "2"\n' } },
  ],
  invalid: [
    {
      name: 'a v3 file from docker-compose v1 days: the line goes, its comment with it',
      fixture: 'fixtures/compose-no-version/legacy-v3',
      errors: [{ messageId: 'obsolete', data: { version: '3.8' }, file: 'docker-compose.yml', line: 1, column: 1, endColumn: 8 }],
      output: {
        'docker-compose.yml':
          '\nservices:\n  app:\n    build: ./app\n    ports:\n      - "8000:8000"\n    depends_on:\n      - db\n  db:\n    image: postgres:16.4\n    volumes:\n      - db-data:/var/lib/postgresql/data\n\nvolumes:\n  db-data:\n',
      },
    },
    {
      name: 'an unquoted number, in an override file and in the second document of a file, CRLF line ends',
      files: {
        'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n',
        'compose.override.yaml': 'version: 2.4\r\nservices:\r\n  app:\r\n    ports: ["8080:80"]\r\n',
        'tools/compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n---\nversion: \'3\'\nservices:\n  b:\n    image: alpine:3.20\n',
      },
      errors: [
        { messageId: 'obsolete', data: { version: '2.4' }, file: 'compose.override.yaml', line: 1, column: 1 },
        { messageId: 'obsolete', data: { version: '3' }, file: 'tools/compose.yaml', line: 5, column: 1 },
      ],
      output: {
        'compose.override.yaml': 'services:\r\n  app:\r\n    ports: ["8080:80"]\r\n',
        'tools/compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n---\nservices:\n  b:\n    image: alpine:3.20\n',
      },
    },
  ],
});
