import { describe, expect, it } from 'vitest';
import { append } from '../src/arrays.js';
import { lint } from '../src/lint.js';
import { tempTree } from './helpers/tmp.js';

describe('resource-exhaustion shapes end in a finding on that file, and the rest is linted', () => {
  it('append() takes more items than a spread into push() can', () => {
    const target = [0];
    const items = Array.from({ length: 500_000 }, (_, index) => index + 1);
    expect(() => {
      target.push(...items);
    }).toThrow(RangeError);
    target.length = 1;
    append(target, items);
    expect(target).toHaveLength(500_001);
    expect(target.at(-1)).toBe(500_000);
  });

  it('command substitutions nested 1,000 deep in a script and in a compose command', async () => {
    const nested = `${'$(echo '.repeat(1000)}x${')'.repeat(1000)}`;
    const root = tempTree({
      'deep.sh': `#!/bin/sh\necho ${nested}\n`,
      'compose.yaml': `services:\n  a:\n    image: nginx:1\n    command: echo ${nested}\n`,
      'other.sh': '#!/bin/sh\npip install flask\n',
    });
    const { findings } = await lint({ cwd: root });
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line} ${finding.message}`)).toEqual([
      "parse-error deep.sh:2 nested more than 400 levels deep (dockerlint's limit): not read further",
      expect.stringMatching(/^no-install-in-scripts other\.sh:2 /) as string,
    ]);
  });

  it('a compose flow list nested past the parser\'s stack is a finding that names the limit, not an internal error', async () => {
    const depth = 100_000;
    const root = tempTree({ 'compose.yaml': `services:\n  a:\n    image: nginx:1\n    command: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'other.sh': '#!/bin/sh\npip install flask\n' });
    const { findings } = await lint({ cwd: root });
    expect(findings.map((finding) => `${finding.rule} ${finding.file} ${finding.message}`)).toEqual([
      "parse-error compose.yaml nested too deeply to read (the parser's stack limit, dockerlint's): not linted",
      expect.stringMatching(/^no-install-in-scripts other\.sh /) as string,
    ]);
  });
});
