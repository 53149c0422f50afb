import rule from '../../src/rules/curl-or-wget.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'wget in one stage, curl in another', fixture: 'fixtures/curl-or-wget/one-tool' },
    {
      name: 'the other tool named only as a package, a word or in a data heredoc',
      files: {
        Dockerfile: `FROM alpine:3.20
RUN apk add --no-cache curl && apk del wget
RUN curl -fsSL https://example.org/a.tgz | tar -xz -C /opt && echo "wget not needed"
RUN cat > /opt/README <<'EOF'
wget https://example.org/b.tgz
EOF
`,
      },
    },
  ],
  invalid: [
    {
      name: 'curl and wget in one stage',
      fixture: 'fixtures/curl-or-wget/both-tools',
      errors: [{ messageId: 'bothDownloaders', data: { first: 'curl', second: 'wget' }, file: 'Dockerfile', line: 10, column: 5, related: [{ file: 'Dockerfile', line: 5 }] }],
    },
    {
      name: 'once per stage, in heredoc scripts and exec form too',
      files: {
        Dockerfile: `FROM alpine:3.20 AS one
RUN ["wget", "-qO", "/tmp/a", "https://example.org/a"]
RUN <<EOF
curl -fsSLo /tmp/b https://example.org/b
curl -fsSLo /tmp/c https://example.org/c
EOF
FROM alpine:3.20 AS two
RUN wget -q https://example.org/d && curl -fsS https://example.org/e
`,
      },
      errors: [
        { messageId: 'bothDownloaders', data: { first: 'wget', second: 'curl' }, file: 'Dockerfile', line: 4, column: 1 },
        { messageId: 'bothDownloaders', data: { first: 'wget', second: 'curl' }, file: 'Dockerfile', line: 8, column: 38 },
      ],
    },
  ],
});
