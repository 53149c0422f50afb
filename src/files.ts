/**
 * Reading files that come from a repository, which may be hostile: only regular files are read (a FIFO
 * would block forever, `/dev/zero` never ends), never more than a limit (checked before reading, and the
 * read itself is capped, since some files lie about their size), and only inside the directory that
 * contains the project (symlinks are resolved first).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/** The largest file dockerlint reads; larger ones are reported, not read. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type BoundedRead = { buffer: Buffer } | { problem: string };

/** What a special file is, for messages. */
export function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** `4 MiB`, `256 KiB`, `1.5 MiB`: sizes in messages. */
export function formatBytes(bytes: number): string {
  const [size, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MiB'] : [bytes / 1024, 'KiB'];
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${unit}`;
}

function tooLarge(bytes: number, limit: number): string {
  return `file is too large to lint (${formatBytes(bytes)}; the limit is ${formatBytes(limit)})`;
}

/** Reads a stream (stdin) up to one byte past `limit`: enough for `boundedContent` to judge, never more. */
export async function readStreamBounded(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, limit = MAX_FILE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    length += bytes.length;
    if (length > limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit + 1);
}

/** Bytes read from elsewhere (stdin), judged by the same limit as a file: at most `limit` bytes, or why not. */
export function boundedContent(buffer: Buffer, limit = MAX_FILE_BYTES): BoundedRead {
  return buffer.length > limit ? { problem: tooLarge(buffer.length, limit) } : { buffer };
}

/** `O_NOFOLLOW` where the system has it (Windows has none: its constants leave it out). */
const NO_FOLLOW = (constants as Partial<typeof constants>).O_NOFOLLOW ?? 0;

export interface ReadOptions {
  /** When false, a file that is a symbolic link is not read (`ELOOP`); where the system cannot tell, it is. */
  followLinks?: boolean;
}

/** Reads a regular file of at most `limit` bytes, or says why it was not read. Never blocks on a special file. */
export function readBounded(file: string, limit = MAX_FILE_BYTES, { followLinks = true }: ReadOptions = {}): BoundedRead {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO returns at once instead of waiting for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : NO_FOLLOW));
  } catch (error) {
    return { problem: `cannot read file: ${errorCode(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: `${specialKind(stats)}, not a regular file: not read` };
    if (stats.size > limit) return { problem: tooLarge(stats.size, limit) };
    // One byte more than the size, so the end is seen in one read; grown (up to the cap) if the file grows.
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stats.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) return { problem: tooLarge(length, limit) };
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(64 * 1024, length * 2)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return { buffer: buffer.subarray(0, length) };
      length += read;
    }
  } catch (error) {
    return { problem: `cannot read file: ${errorCode(error)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Where `file` really is, every symlink resolved, if that is inside `realRoot` (itself a real path);
 * `null` if it leaves it. A path that does not exist (yet) is judged by its nearest existing ancestor.
 */
export function realPathInside(realRoot: string, file: string, realpath: (file: string) => string = realpathSync.native): string | null {
  let real: string;
  const missing: string[] = [];
  let current = file;
  for (;;) {
    try {
      real = path.join(realpath(current), ...missing);
      break;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
  const relative = path.relative(realRoot, real);
  const inside = relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
  return inside ? real : null;
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
