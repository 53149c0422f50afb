import rule from '../../src/rules/compose-env-file-exists.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'committed env files, an optional one that is missing, an unknown path', fixture: 'fixtures/compose-env-file-exists/committed' },
    {
      name: 'paths outside the repository are not judged',
      files: {
        '.env': 'A=1\n',
        'compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n    env_file: [.env, ../shared.env, /etc/app.env]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a secrets file nobody committed, and a .env.db that exists only as .env.example',
      fixture: 'fixtures/compose-env-file-exists/missing',
      errors: [
        { messageId: 'missing', data: { path: 'config/secrets.env', service: 'api', written: './config/secrets.env' }, file: 'docker-compose.yml', line: 6, column: 9 },
        { messageId: 'missing', data: { path: '.env.db', service: 'db', written: '.env.db' }, file: 'docker-compose.yml', line: 9, column: 15 },
      ],
    },
    {
      name: 'relative to the compose file that names it',
      files: { 'deploy/compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n    env_file: app.env\n', 'app.env': 'A=1\n' },
      errors: [{ messageId: 'missing', data: { path: 'deploy/app.env', service: 'a', written: 'app.env' }, file: 'deploy/compose.yaml', line: 4, column: 15 }],
    },
  ],
});
