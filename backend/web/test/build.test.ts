import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const webDir = fileURLToPath(new URL('..', import.meta.url));

describe('vite build of the front end', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'web-build-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('emits index.html that loads one hashed script and one hashed stylesheet', async () => {
    await build({
      root: webDir,
      configFile: join(webDir, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    const assets = readdirSync(join(outDir, 'assets')).sort();
    expect(assets).toHaveLength(2);
    const script = assets.find((name) => name.endsWith('.js'));
    const style = assets.find((name) => name.endsWith('.css'));
    expect(script).toMatch(/^index-[\w-]{8}\.js$/);
    expect(style).toMatch(/^index-[\w-]{8}\.css$/);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain(`<script type="module" crossorigin src="/assets/${script ?? ''}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" crossorigin href="/assets/${style ?? ''}">`);
    expect(readFileSync(join(outDir, 'assets', script ?? ''), 'utf8')).toContain('/api/jobs');
  });
});
