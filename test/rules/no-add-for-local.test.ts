import rule from '../../src/rules/no-add-for-local.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'COPY for local files, ADD to unpack a release tarball and fetch a checked download', fixture: 'fixtures/no-add-for-local/copy-and-add' },
    {
      name: 'git sources, downloads (without requireChecksum), archives by wildcard, variables',
      files: {
        Dockerfile:
          'FROM alpine:3.20\nADD https://github.com/org/tool.git#v1.2.0 /src/tool\nADD git@github.com:org/private.git /src/private\nADD https://example.com/install.sh /tmp/install.sh\nADD vendor/*.tar.gz /opt/\nADD $ARTIFACT /opt/artifact\n',
        'vendor/lib.tar.gz': '',
      },
    },
    {
      name: 'a download with --checksum passes requireChecksum',
      options: { requireChecksum: true },
      files: { Dockerfile: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/\n' },
    },
  ],
  invalid: [
    {
      name: 'a Python service that ADDs its source and requirements',
      fixture: 'fixtures/no-add-for-local/add-for-files',
      errors: [
        { messageId: 'local', data: { sources: 'requirements.txt' }, file: 'app/Dockerfile', line: 3, column: 1, endColumn: 4 },
        { messageId: 'local', data: { sources: 'src' }, file: 'app/Dockerfile', line: 5, column: 1 },
      ],
      output: {
        'app/Dockerfile':
          'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN --mount=type=cache,target=/root/.cache/pip pip install --requirement requirements.txt\nCOPY --chown=1000:1000 src ./src\nUSER 1000\nCMD ["python", "-m", "src.main"]\n',
      },
    },
    {
      name: 'lower-case keyword, several sources, heredocs; ADD-only flags keep it unfixed',
      files: {
        Dockerfile:
          'FROM alpine:3.20\nadd a.txt b.txt c.txt d.txt /data/\nADD <<EOF /etc/motd\nhello\nEOF\nADD --keep-git-dir=true notes.md /notes.md\n',
        'a.txt': '',
        'b.txt': '',
        'c.txt': '',
        'd.txt': '',
        'notes.md': '',
      },
      errors: [
        { messageId: 'local', data: { sources: 'a.txt, b.txt, c.txt, …' }, file: 'Dockerfile', line: 2, column: 1 },
        { messageId: 'local', data: { sources: '<<EOF' }, file: 'Dockerfile', line: 3, column: 1 },
        { messageId: 'local', data: { sources: 'notes.md' }, file: 'Dockerfile', line: 6, column: 1 },
      ],
      output: {
        Dockerfile: 'FROM alpine:3.20\ncopy a.txt b.txt c.txt d.txt /data/\nCOPY <<EOF /etc/motd\nhello\nEOF\nADD --keep-git-dir=true notes.md /notes.md\n',
      },
    },
    {
      name: 'requireChecksum: each downloaded URL without --checksum',
      options: { requireChecksum: true },
      files: { Dockerfile: 'FROM alpine:3.20\nADD https://example.com/a.tar.gz https://example.com/b.sh /opt/\n' },
      errors: [
        { messageId: 'noChecksum', data: { url: 'https://example.com/a.tar.gz' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'noChecksum', data: { url: 'https://example.com/b.sh' }, file: 'Dockerfile', line: 2, column: 34 },
      ],
    },
  ],
});
