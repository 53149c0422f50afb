import rule from '../../src/rules/cd-or-exit.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'cd || exit, || return, cd && …, if cd, cd .., pushd -n, set -euo pipefail, a #!/bin/sh -e shebang; a RUN is not read',
      fixture: 'fixtures/cd-or-exit/checked',
    },
    {
      name: 'in a while or until condition, left of || in a group, a shell started with -e, set -o errexit, quoted and escaped forms',
      files: {
        'a.sh': '#!/bin/sh\nwhile ! cd /mnt/data; do sleep 1; done\nuntil cd "/mnt/$1"; do sleep 1; done\n{ cd \\/srv; make; } || exit\nsh -ec \'cd /opt && cd /tmp; ls\'\n',
        'b.sh': '#!/bin/bash\nf() { cd "$1"; }\nset -o errexit\n',
        'c.sh': '#!/bin/sh\necho "cd /nowhere"; cat <<EOF\ncd /nowhere\nEOF\n',
        Dockerfile: 'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nRUN cd /tmp\nRUN <<EOF\ncd /srv\nEOF\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a build script and a cleanup script whose cd, pushd and popd go unchecked',
      fixture: 'fixtures/cd-or-exit/unchecked',
      errors: [
        { messageId: 'unchecked', data: { command: 'cd "$root"' }, file: 'scripts/build.sh', line: 3, column: 1, endColumn: 11 },
        { messageId: 'unchecked', data: { command: 'cd "cmd/$1"' }, file: 'scripts/build.sh', line: 6, column: 3 },
        { messageId: 'unchecked', data: { command: 'cd web' }, file: 'scripts/build.sh', line: 14, column: 16 },
        { messageId: 'unchecked', data: { command: 'pushd /var/cache/app' }, file: 'scripts/clean.sh', line: 3, column: 1 },
        { messageId: 'unchecked', data: { command: 'popd' }, file: 'scripts/clean.sh', line: 5, column: 1 },
      ],
    },
    {
      name: 'negated, first in a pipe, in a subshell, not the last command of a condition, in a nested shell without -e, cd ../x',
      files: {
        'run.sh': '#!/bin/sh\n! cd /a\ncd /b | cat\n(cd /c; make)\nif cd /d; true; then :; fi\nbash -c "cd /e; ls"\ncd ../x\n',
      },
      errors: [
        { messageId: 'unchecked', data: { command: 'cd /a' }, file: 'run.sh', line: 2, column: 3 },
        { messageId: 'unchecked', data: { command: 'cd /b' }, file: 'run.sh', line: 3, column: 1 },
        { messageId: 'unchecked', data: { command: 'cd /c' }, file: 'run.sh', line: 4, column: 2 },
        { messageId: 'unchecked', data: { command: 'cd /d' }, file: 'run.sh', line: 5, column: 4 },
        { messageId: 'unchecked', data: { command: 'cd /e' }, file: 'run.sh', line: 6, column: 10 },
        { messageId: 'unchecked', data: { command: 'cd ../x' }, file: 'run.sh', line: 7, column: 1 },
      ],
    },
  ],
});
