import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

// The image's build stage compiles with this config; check it here with the root's TypeScript so a type
// error fails `npm test` before any image build.
describe('the API typechecks', () => {
  it.each(['backend/api/tsconfig.json'])(
    '%s',
    async (project) => {
      const result = await run(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: repoRoot }).then(
        () => ({ code: 0, output: '' }),
        (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, output: error.stdout ?? '' }),
      );
      expect(result).toEqual({ code: 0, output: '' });
    },
  );
});
