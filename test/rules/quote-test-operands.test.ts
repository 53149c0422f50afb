import rule from '../../src/rules/quote-test-operands.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'quoted operands, [[ ]], one-word constants (a declared TARGETARCH, an ENV, a script variable, $#)',
      fixture: 'fixtures/quote-test-operands/quoted',
    },
    {
      name: 'escaped and single-quoted forms, substitutions, $@ (another rule), heredoc data, exec form, SHELL irrelevant',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
SHELL ["/bin/sh", "-c"]
ENV LEVEL=3
RUN [ \\$x = '$y' ] || [ "$(uname -m)" = x86_64 ] || [ \${#PATH} -gt 0 ] || [ $LEVEL -ge 2 ]
RUN cat > /usr/local/bin/check <<'EOF'
[ $1 = ok ]
EOF
RUN ["test", "-n", "$HOME"]
RUN echo $HOME && [ -d /srv ]
`,
        'bin/check.sh': '#!/bin/bash\nfor f in "$@"; do [ -f "$f" ] && [[ -s $f ]]; done\n[ $@ ]\n',
        'bin/root.sh': '#!/bin/bash\n[ $EUID -eq 0 ] || [ $UID -ne 0 ] || test $RANDOM -gt $SECONDS -a $PPID -gt 1 -a $OPTIND = 1\ncase $- in *i*) ;; esac\n[ -n $- ]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'build arguments (empty with --build-arg X=), an empty script variable, a positional parameter, an unset one',
      fixture: 'fixtures/quote-test-operands/unquoted',
      errors: [
        { messageId: 'unquoted', data: { expansion: '$WITH_GPU', test: '[ … ]' }, file: 'Dockerfile', line: 8, column: 10, endColumn: 19 },
        { messageId: 'unquoted', data: { expansion: '$TARGETVARIANT', test: 'test' }, file: 'Dockerfile', line: 9, column: 19 },
        { messageId: 'unquoted', data: { expansion: '$1', test: '[ … ]' }, file: 'docker/entrypoint.sh', line: 5, column: 6 },
        { messageId: 'unquoted', data: { expansion: '$DATABASE_URL', test: '[ … ]' }, file: 'docker/entrypoint.sh', line: 10, column: 9 },
        { messageId: 'unquoted', data: { expansion: '$mode', test: '[ … ]' }, file: 'docker/entrypoint.sh', line: 10, column: 30 },
      ],
    },
    {
      name: 'in a heredoc script and an sh -c string; an ENV that an ARG overrides; a value with a space; ${x:-y}; inside a word',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
ENV MODE=release
ARG MODE
ENV FLAGS="-O2 -g"
RUN <<EOF
[ $MODE = release ] && test $FLAGS
EOF
RUN sh -c '[ x\${CHANNEL:-stable} = xstable ]'
`,
      },
      errors: [
        { messageId: 'unquoted', data: { expansion: '$MODE', test: '[ … ]' }, file: 'Dockerfile', line: 6, column: 3 },
        { messageId: 'unquoted', data: { expansion: '$FLAGS', test: 'test' }, file: 'Dockerfile', line: 6, column: 29 },
        { messageId: 'unquoted', data: { expansion: '${CHANNEL:-stable}', test: '[ … ]' }, file: 'Dockerfile', line: 8, column: 15 },
      ],
    },
  ],
});
