/**
 * A private snapshot of a build context: the files BuildKit would receive (after `.dockerignore`),
 * copied with their modes and times into a temporary directory, so that the probe edit never touches
 * the user's files and the rebuild sees nothing else change.
 */
import { copyFile, lstat, mkdir, readdir, readlink, symlink, utimes, lutimes, chmod } from 'node:fs/promises';
import path from 'node:path';
import type { DockerignoreDoc } from '../project/model.js';

export interface Snapshot {
  /** Context-relative paths of the files and symlinks BuildKit receives, sorted. */
  sent: string[];
}

/**
 * Copies `context` into `destination` (which must exist). Files excluded by `ignore` are left out;
 * `alwaysCopy` (context-relative: the ignore file, a Dockerfile inside the context) is copied anyway,
 * because the client reads those even when they exclude themselves. Directories that are excluded are
 * not entered unless a `!` pattern could bring something below them back.
 */
export async function snapshotContext(
  context: string,
  destination: string,
  ignore: DockerignoreDoc | null,
  alwaysCopy: readonly string[],
): Promise<Snapshot> {
  const sent: string[] = [];
  const keep = new Set(alwaysCopy);
  const mayReinclude = ignore?.patterns.some((pattern) => pattern.negated && pattern.invalid === null) ?? false;
  const ignored = (relative: string): boolean => ignore?.matcher.ignores(relative) ?? false;
  const directoryTimes: { target: string; atime: Date; mtime: Date }[] = [];

  const walk = async (relativeDir: string): Promise<void> => {
    const sourceDir = path.join(context, relativeDir);
    const entries = await readdir(sourceDir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      const source = path.join(context, relative);
      const target = path.join(destination, relative);
      if (entry.isDirectory()) {
        const alwaysBelow = [...keep].some((file) => file.startsWith(`${relative}/`));
        if (ignored(relative) && !mayReinclude && !alwaysBelow) continue;
        const stats = await lstat(source);
        await mkdir(target, { recursive: true, mode: stats.mode & 0o7777 });
        await walk(relative);
        directoryTimes.push({ target, atime: stats.atime, mtime: stats.mtime });
        continue;
      }
      const isSent = !ignored(relative);
      if (!isSent && !keep.has(relative)) continue;
      if (entry.isFile()) {
        const stats = await lstat(source);
        await copyFile(source, target);
        await chmod(target, stats.mode & 0o7777);
        await utimes(target, stats.atime, stats.mtime);
      } else if (entry.isSymbolicLink()) {
        const stats = await lstat(source);
        await symlink(await readlink(source), target);
        await lutimes(target, stats.atime, stats.mtime);
      } else {
        // Sockets, FIFOs and devices are not sent by the client either.
        continue;
      }
      if (isSent) sent.push(relative);
    }
  };
  await walk('');
  // Directory times last: creating entries inside a directory changes its mtime.
  for (const { target, atime, mtime } of directoryTimes) await utimes(target, atime, mtime);
  return { sent: sent.sort() };
}
