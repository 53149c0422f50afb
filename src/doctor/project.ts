/** The facts about the project that decide which machine checks apply (GPU services, Compose features). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import type { ProjectSettings } from '../config/schema.js';
import { findGitRoot } from '../project/discover.js';
import { loadProject } from '../project/load.js';
import type { Project, ResolvedService } from '../project/model.js';
import { rules } from '../rules/index.js';
import { gpuNeed, isBuildOnlyBase, reservesGpu } from '../vocabulary/gpu.js';
import type { ProjectFacts } from './checks.js';

/**
 * A service the daemon must give a GPU: one that needs it as `compose-gpu-reservation` judges, or that
 * asks for one (a device reservation, or the legacy `runtime: nvidia` / `gpus:`). Build-only base
 * services never run.
 */
export function needsGpu(project: Project, resolved: ResolvedService): boolean {
  const { service } = resolved;
  if (isBuildOnlyBase(project, resolved)) return false;
  return gpuNeed(project, resolved) !== null || service.devices.some(reservesGpu) || service.runtime?.resolved === 'nvidia' || service.gpus !== null;
}

export function projectFacts(project: Project): ProjectFacts {
  const serviceContextUsers = project.services
    .filter(({ service }) => [...(service.build?.additionalContexts.values() ?? [])].some((context) => context.resolved?.startsWith('service:') === true))
    .map(({ service }) => service.name);
  return {
    root: project.root,
    gpuServices: project.services.filter((resolved) => needsGpu(project, resolved)).map(({ service }) => service.name),
    serviceContextUsers,
    problem: null,
  };
}

/** `ignorePatterns` and `gpuServices` of a config file that does not load (an unknown rule, say). */
function lenientSettings(file: string): { ignorePatterns?: string[]; gpuServices?: string[] } {
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return {};
    const { ignorePatterns, gpuServices } = raw as Record<string, unknown>;
    const result: { ignorePatterns?: string[]; gpuServices?: string[] } = {};
    const patterns = strings(ignorePatterns);
    const gpus = strings(gpuServices);
    if (patterns !== undefined) result.ignorePatterns = patterns;
    if (gpus !== undefined) result.gpuServices = gpus;
    return result;
  } catch {
    return {};
  }
}

/** Reads the project around `cwd` as `dockerlint` would lint it; never throws. */
export async function readProjectFacts(cwd: string): Promise<ProjectFacts> {
  const gitRoot = findGitRoot(cwd);
  const configFile = findConfigFile(cwd, gitRoot);
  const root = configFile === null ? (gitRoot ?? cwd) : path.dirname(configFile);
  let settings: ProjectSettings;
  let ignorePatterns: readonly string[];
  let problem: string | null = null;
  try {
    const config = loadConfig(configFile, rules);
    settings = config.settings;
    ignorePatterns = config.ignorePatterns;
  } catch (error) {
    problem = `the config could not be loaded (${error instanceof Error ? error.message : String(error)}); only its ignorePatterns and gpuServices were read`;
    const lenient = configFile === null ? {} : lenientSettings(configFile);
    ignorePatterns = lenient.ignorePatterns ?? [];
    settings = { ...DEFAULT_SETTINGS, gpuServices: lenient.gpuServices ?? [] };
  }
  try {
    const project = await loadProject({ root, gitRoot, ignorePatterns, settings });
    return { ...projectFacts(project), problem };
  } catch (error) {
    return { root, gpuServices: [], serviceContextUsers: [], problem: `the project could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
