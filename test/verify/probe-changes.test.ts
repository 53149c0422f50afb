/** The changes the probes make: neutral to the package manager, unique to the run, and where they must be. */
import { describe, expect, it } from 'vitest';
import { neutralManifestEdit, sampleFile } from '../../src/verify/probes.js';

const NONCE = '0123456789abcdef';

describe('neutralManifestEdit', () => {
  it('reformats JSON manifests and ends them with a line of blanks: the same data, new bytes', () => {
    const text = '{\n  "name": "api",\n  "dependencies": { "ms": "2.1.3" }\n}\n';
    const edit = neutralManifestEdit('package.json', text, NONCE);
    expect(edit.description).toBe('reformatted (indented by 4)');
    expect(JSON.parse(edit.text)).toEqual(JSON.parse(text));
    expect(edit.text.startsWith('{\n    "name": "api",')).toBe(true);
    expect(edit.text.split('\n').at(-2)).toMatch(/^[ \t]{64}$/);
    // Another nonce, another file: no earlier run can have cached it.
    expect(neutralManifestEdit('package.json', text, 'fedcba9876543210').text).not.toBe(edit.text);
    // A file indented by 4 (or tabs) is indented by 2.
    expect(neutralManifestEdit('composer.json', '{\n    "a": 1\n}\n', NONCE).description).toBe('reformatted (indented by 2)');
  });

  it.each([
    ['requirements.txt', 'flask==3.0.0', `flask==3.0.0\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['requirements-dev.txt', 'pytest\n', `pytest\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['pyproject.toml', '[project]\nname = "x"\n', `[project]\nname = "x"\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n", `lockfileVersion: '9.0'\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['Gemfile', "gem 'rails'\n", `gem 'rails'\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['.npmrc', 'fund=false\n', `fund=false\n# dockerlint verify: manifest probe ${NONCE}\n`],
    ['go.mod', 'module example.com/x\n', `module example.com/x\n// dockerlint verify: manifest probe ${NONCE}\n`],
  ])('adds a comment line to %s', (file, text, expected) => {
    expect(neutralManifestEdit(file, text, NONCE)).toEqual({ text: expected, description: 'appended a comment line' });
  });

  it.each(['go.sum', 'Gemfile.lock', 'package.json'])('ends %s without comments (or not JSON after all) with a line of blanks', (file) => {
    const text = 'not json, no comments\n';
    const edit = neutralManifestEdit(file, text, NONCE);
    expect(edit.description).toBe('appended a line of blanks');
    expect(edit.text).toMatch(/^not json, no comments\n[ \t]{64}\n$/);
  });
});

describe('sampleFile: a file each ignore entry must keep out', () => {
  it.each([
    ['*.log', 'dockerlint-probe.log'],
    ['**/*.log', 'dockerlint-probe.log'],
    ['*.pkl', 'dockerlint-probe.pkl'],
    ['.env', '.env'],
    ['.gitignore', '.gitignore'],
    ['node_modules', 'node_modules/dockerlint-probe/index.js'],
    ['**/node_modules', 'node_modules/dockerlint-probe/index.js'],
    ['__pycache__', '__pycache__/dockerlint_probe.cpython-311.pyc'],
    ['.git', '.git/dockerlint-probe'],
    ['data/', 'data/dockerlint-probe.csv'],
    ['/coverage/', 'coverage/dockerlint-probe.txt'],
    ['*.tmp?', 'dockerlint-probe.tmpx'],
    // A re-inclusion or a path below a directory names no one file to create.
    ['!keep.log', null],
    ['docs/*.md', null],
  ])('%s → %s', (pattern, file) => {
    expect(sampleFile(pattern)).toBe(file);
  });
});
