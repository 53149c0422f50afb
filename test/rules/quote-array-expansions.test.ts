import rule from '../../src/rules/quote-array-expansions.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'an entrypoint and a release script that quote "$@" and "${a[@]}"', fixture: 'fixtures/quote-array-expansions/quoted' },
    {
      name: 'quoted, escaped and single-quoted forms; [[ ]]; lengths; data heredocs; exec form; a SHELL does not matter',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
SHELL ["/bin/sh", "-c"]
RUN set -- a "b c" && printf '%s\\n' "$@" "\${@}" "x\${@:2}y" && echo \\$@ '$@' && echo $# \${#@}
RUN [[ -n $@ ]] && echo "\${#targets[@]}"
RUN cat > /usr/local/bin/run <<'EOF'
#!/bin/sh
exec app $@
EOF
RUN ["/usr/local/bin/app", "$@"]
CMD ["sh", "-c", "exec app \\"$@\\"", "--"]
`,
        'bin/run.sh': '#!/bin/bash\nset -u\nargs=("$@")\nexec "${args[@]}" ${extra[@]+"${extra[@]}"} ${@:+"$@"}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'entrypoint and release scripts that re-split their arguments',
      fixture: 'fixtures/quote-array-expansions/unquoted',
      errors: [
        { messageId: 'unquoted', data: { expansion: '$@' }, file: 'scripts/docker-entrypoint.sh', line: 5, column: 15, endColumn: 17 },
        { messageId: 'unquoted', data: { expansion: '$@' }, file: 'scripts/docker-entrypoint.sh', line: 9, column: 6 },
        { messageId: 'unquoted', data: { expansion: '${@:2}' }, file: 'scripts/release.sh', line: 6, column: 80 },
        { messageId: 'unquoted', data: { expansion: '${targets[@]/#/$IMAGE-}' }, file: 'scripts/release.sh', line: 8, column: 48 },
      ],
    },
    {
      name: 'in a RUN, its heredoc script, an sh -c string and behind exec; ${@}, keys, a partly quoted word, a default value',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN set -- a "b c" && touch \${@}
RUN <<EOF
set -- x y
exec printf '%s\\n' $@
EOF
RUN sh -c 'for k in x; do echo \${!map[@]}; done; cp "$1"$@ /tmp' -- a
RUN set -- a && echo \${@:-none}
`,
      },
      errors: [
        { messageId: 'unquoted', data: { expansion: '${@}' }, file: 'Dockerfile', line: 2, column: 29 },
        { messageId: 'unquoted', data: { expansion: '$@' }, file: 'Dockerfile', line: 5, column: 20 },
        { messageId: 'unquoted', data: { expansion: '${!map[@]}' }, file: 'Dockerfile', line: 7, column: 32 },
        { messageId: 'unquoted', data: { expansion: '$@' }, file: 'Dockerfile', line: 7, column: 57 },
        { messageId: 'unquoted', data: { expansion: '${@:-none}' }, file: 'Dockerfile', line: 8, column: 22 },
      ],
    },
  ],
});
