/**
 * Which Docker builds the project, and so which of its behaviours dockerlint judges by. Without the
 * `dockerVersion` setting, the current one: Docker Engine 23 or later for `.dockerignore` matching and
 * the current Dockerfile frontend for the parser. A `# syntax=docker/dockerfile:<version>` line names the
 * frontend of that one file, whatever the engine.
 */
import type { IgnoreDialect } from './ignore-pattern.js';

/** `[major, minor]`. */
export type Version = readonly [number, number];

/** Reads `20.10`, `28.2.1`, `v1.16`; `null` for anything else. */
export function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][\w.-]*)?$/.exec(text.trim());
  return match === null ? null : [Number(match[1]), Number(match[2])];
}

export function atLeast(version: Version, minimum: Version): boolean {
  return version[0] > minimum[0] || (version[0] === minimum[0] && version[1] >= minimum[1]);
}

/** Docker Engine 23 reads `.dockerignore` with moby/patternmatcher: `. + ( ) | { } $` are literal. */
const PATTERNMATCHER_ENGINE: Version = [23, 0];

/** Dockerfile frontend 1.16 (BuildKit 0.22, built into Docker Engine 28.2) reads `<< EOF` as a heredoc. */
const HEREDOC_SPACE_FRONTEND: Version = [1, 16];
const HEREDOC_SPACE_ENGINE: Version = [28, 2];

export function ignoreDialect(engine: Version | null): IgnoreDialect {
  return engine === null || atLeast(engine, PATTERNMATCHER_ENGINE) ? 'patternmatcher' : 'docker-20.10';
}

/** What a Dockerfile's parser accepts, where frontends differ. */
export interface DockerfileDialect {
  /** Whitespace between `<<` and the heredoc's name (`RUN << EOF`). */
  heredocSpace: boolean;
}

export const CURRENT_DOCKERFILE_DIALECT: DockerfileDialect = { heredocSpace: true };

const DOCKERFILE_FRONTEND_IMAGE = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::([^@\s]+))?(?:@\S+)?$/;

/**
 * The dialect of one Dockerfile: its `# syntax=` frontend when it names an official one with a version
 * (`docker/dockerfile:1.4`; `:1`, `:latest` and no tag are the current one), otherwise the frontend
 * built into the engine (`engine === null`: a current one).
 */
export function dockerfileDialect(syntax: string | null, engine: Version | null): DockerfileDialect {
  const image = syntax === null ? null : DOCKERFILE_FRONTEND_IMAGE.exec(syntax.trim());
  if (image !== null) {
    const tag = (image[1] ?? 'latest').replace(/-labs$/, '');
    const frontend = parseVersion(tag);
    if (frontend === null) return CURRENT_DOCKERFILE_DIALECT;
    return { heredocSpace: atLeast(frontend, HEREDOC_SPACE_FRONTEND) };
  }
  if (engine === null) return CURRENT_DOCKERFILE_DIALECT;
  return { heredocSpace: atLeast(engine, HEREDOC_SPACE_ENGINE) };
}
