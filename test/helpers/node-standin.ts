/**
 * A locally made stand-in for a Node.js base image, for tests that run real `npm ci` builds where no
 * image registry is reachable: a Debian bookworm rootfs made with `debootstrap --variant=minbase` and
 * imported with `docker import`, then Debian's `nodejs` installed over plain-HTTP apt in a build, and
 * npm itself from its registry tarball (`npm pack` on the host): Debian's `npm` package drags in some
 * 300 packages and took 9 minutes to install, `nodejs` alone 20 seconds. When `SSL_CERT_FILE` names a
 * CA bundle (a TLS-intercepting proxy), it is copied into the image and named by `NODE_EXTRA_CA_CERTS`,
 * so npm reaches its registry over HTTPS.
 *
 * Both images are kept by tag, so only the first run pays (debootstrap about 3.5 minutes, the Node
 * layer about 30 seconds).
 * debootstrap needs root: it runs directly as root, else through passwordless `sudo -n`; without either
 * the tests that need the image skip with that reason.
 *
 * Environment: `DOCKERLINT_TEST_DEBIAN_MIRROR` overrides debootstrap's default mirror.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImage, dockerAvailable, makeTempDir, removeTempDir, runCommand, withLock } from './docker.js';

/** Bump a recipe number when its recipe changes, so stale images are not reused. */
export const DEBIAN_IMAGE = 'dockerlint-test/debian:bookworm-1';
const NODE_RECIPE = '2';
/** npm for Debian bookworm's Node.js 18 (npm 10.9 supports Node ^18.17). */
const NPM_VERSION = '10.9.2';

async function imageExists(client: string, tag: string): Promise<boolean> {
  return (await runCommand(client, ['image', 'inspect', '--format', '{{.Id}}', tag])).exitCode === 0;
}

function findProgram(name: string): string | null {
  // Non-root PATHs often lack the sbin directories where debootstrap lives.
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** How to run a command as root here: directly, through `sudo -n`, or not at all (with the reason). */
async function rootRunner(): Promise<{ prefix: string[] } | { problem: string }> {
  if (process.getuid?.() === 0) return { prefix: [] };
  const sudo = findProgram('sudo');
  if (sudo !== null && (await runCommand(sudo, ['-n', 'true'])).exitCode === 0) return { prefix: [sudo, '-n'] };
  return { problem: 'debootstrap needs root: run the tests as root or with passwordless sudo' };
}

async function asRoot(prefix: readonly string[], program: string, args: readonly string[]): Promise<void> {
  const [command = program, ...rest] = [...prefix, program, ...args];
  const result = await runCommand(command, rest);
  if (result.exitCode !== 0) {
    throw new Error(`${program} ${args.join(' ')} failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`);
  }
}

/** Why the stand-in images cannot be made on this machine, or `null` when they can (or exist). */
export async function nodeStandInProblem(): Promise<string | null> {
  const docker = await dockerAvailable();
  if (!docker.ok) return docker.reason;
  if (await imageExists(docker.client, DEBIAN_IMAGE)) return null;
  if (findProgram('debootstrap') === null) return 'no debootstrap (apt-get install debootstrap)';
  const root = await rootRunner();
  return 'problem' in root ? root.problem : null;
}

/** A minimal Debian bookworm image from debootstrap; reused when the tag exists. */
export async function ensureDebianImage(): Promise<string> {
  const docker = await dockerAvailable();
  if (!docker.ok) throw new Error(`Docker is not available: ${docker.reason}`);
  const { client } = docker;
  if (await imageExists(client, DEBIAN_IMAGE)) return DEBIAN_IMAGE;
  return withLock('dockerlint-test-debian-image', async () => {
    if (await imageExists(client, DEBIAN_IMAGE)) return DEBIAN_IMAGE;
    const debootstrap = findProgram('debootstrap');
    if (debootstrap === null) throw new Error('no debootstrap (apt-get install debootstrap)');
    const root = await rootRunner();
    if ('problem' in root) throw new Error(root.problem);
    const workDir = await makeTempDir('debian');
    try {
      const rootfs = join(workDir, 'rootfs');
      const tarball = join(workDir, 'rootfs.tar');
      const mirror = process.env.DOCKERLINT_TEST_DEBIAN_MIRROR;
      await asRoot(root.prefix, debootstrap, ['--variant=minbase', 'bookworm', rootfs, ...(mirror ? [mirror] : [])]);
      await asRoot(root.prefix, 'tar', ['--create', '--file', tarball, '--directory', rootfs, '--numeric-owner', '.']);
      const imported = await runCommand(client, [
        'import',
        '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--change', 'CMD ["bash"]',
        tarball,
        DEBIAN_IMAGE,
      ]);
      if (imported.exitCode !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
      return DEBIAN_IMAGE;
    } finally {
      // The rootfs belongs to root.
      await asRoot(root.prefix, 'rm', ['-rf', workDir]).catch(() => undefined);
    }
  });
}

/** This machine's extra CA bundle (`SSL_CERT_FILE`), if any. */
function extraCaBundle(): Buffer | null {
  const file = process.env.SSL_CERT_FILE;
  return file && existsSync(file) ? readFileSync(file) : null;
}

/**
 * Debian's Node.js and npm on the Debian stand-in, with this machine's CA bundle. The tag carries a
 * hash of the bundle, so a changed bundle makes a new image (the layers before it stay cached).
 */
export async function ensureNodeImage(): Promise<string> {
  const docker = await dockerAvailable();
  if (!docker.ok) throw new Error(`Docker is not available: ${docker.reason}`);
  const ca = extraCaBundle();
  const caId = ca === null ? 'no-extra-ca' : `ca-${createHash('sha256').update(ca).digest('hex').slice(0, 12)}`;
  const tag = `dockerlint-test/node:bookworm-${NODE_RECIPE}-${caId}`;
  if (await imageExists(docker.client, tag)) return tag;
  const base = await ensureDebianImage();
  return withLock('dockerlint-test-node-image', async () => {
    if (await imageExists(docker.client, tag)) return tag;
    const context = await makeTempDir('node-standin');
    try {
      const packed = await runCommand('npm', ['pack', `npm@${NPM_VERSION}`, '--pack-destination', context, '--silent']);
      if (packed.exitCode !== 0) throw new Error(`npm pack npm@${NPM_VERSION} failed: ${packed.stderr}`);
      const lines = [
        `FROM ${base}`,
        'RUN apt-get update \\',
        '    && DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends nodejs \\',
        '    && rm -rf /var/lib/apt/lists/*',
        // ADD unpacks a local tarball; npm's has everything under package/.
        `ADD npm-${NPM_VERSION}.tgz /usr/local/lib/`,
        'RUN mkdir -p /usr/local/lib/node_modules \\',
        '    && mv /usr/local/lib/package /usr/local/lib/node_modules/npm \\',
        '    && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
        '    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
        '    && npm --version',
      ];
      if (ca !== null) {
        await writeFile(join(context, 'extra-ca.pem'), ca);
        lines.push('COPY extra-ca.pem /usr/local/share/dockerlint-test/extra-ca.pem', 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/dockerlint-test/extra-ca.pem');
      }
      await writeFile(join(context, 'Dockerfile'), `${lines.join('\n')}\n`);
      const result = await buildImage({ context, dockerfile: 'Dockerfile', tag });
      if (result.exitCode !== 0) throw new Error(`building ${tag} failed:\n${result.log.split('\n').slice(-25).join('\n')}`);
      return tag;
    } finally {
      await removeTempDir(context);
    }
  });
}
