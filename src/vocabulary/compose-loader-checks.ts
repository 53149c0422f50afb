/**
 * What Compose's loader refuses beyond the JSON schema (compose-go's validation and transforms), for one
 * file's data. Only what one file can decide: a check that needs the merged project (a config with no
 * source in a file that only overrides its labels) is left out, since an override file may lack it.
 */

/** A path into compose data: mapping keys, and indexes into lists. */
export type DataPath = (string | number)[];

export interface LoaderIssue {
  /** Where the finding goes. */
  at: { path: DataPath; part: 'key' | 'value' };
  messageId: 'externalConflict' | 'externalNameConflict' | 'exclusiveSources' | 'blankWatchPath' | 'countAndDeviceIds' | 'bindWithoutSource';
  data: Record<string, string>;
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function entries(value: unknown): [string, Mapping][] {
  return isMapping(value) ? Object.entries(value).flatMap(([name, each]): [string, Mapping][] => (isMapping(each) ? [[name, each]] : [])) : [];
}

function items(value: unknown): [number, Mapping][] {
  return Array.isArray(value) ? value.flatMap((each, index): [number, Mapping][] => (isMapping(each) ? [[index, each]] : [])) : [];
}

const SECTIONS = ['volumes', 'networks', 'secrets', 'configs'] as const;

export function loaderIssues(data: unknown): LoaderIssue[] {
  if (!isMapping(data)) return [];
  const issues: LoaderIssue[] = [];

  // An external volume is only named: compose-go refuses any other key beside `external: true`.
  for (const [name, volume] of entries(data.volumes)) {
    if (volume.external !== true) continue;
    for (const key of Object.keys(volume)) {
      if (key === 'name' || key === 'external' || key.startsWith('x-')) continue;
      issues.push({ at: { path: ['volumes', name, key], part: 'key' }, messageId: 'externalConflict', data: { where: `volumes.${name}`, key } });
    }
  }

  // The deprecated `external: {name: …}` must agree with `name`.
  for (const section of SECTIONS) {
    for (const [name, resource] of entries(data[section])) {
      const external = resource.external;
      if (!isMapping(external) || !('name' in external) || !('name' in resource) || external.name === resource.name) continue;
      issues.push({ at: { path: [section, name, 'external', 'name'], part: 'key' }, messageId: 'externalNameConflict', data: { where: `${section}.${name}` } });
    }
  }

  // A config's content comes from one of file, environment or content; a secret's from file or
  // environment (the schema refuses a secret's `content`).
  for (const [section, sources] of [['configs', ['file', 'environment', 'content']], ['secrets', ['file', 'environment']]] as const) {
    for (const [name, resource] of entries(data[section])) {
      // In the order written: the first stands, the others are reported.
      const given = Object.keys(resource).filter((key) => (sources as readonly string[]).includes(key));
      for (const key of given.slice(1)) {
        issues.push({ at: { path: [section, name, key], part: 'key' }, messageId: 'exclusiveSources', data: { where: `${section}.${name}`, key, first: given[0] ?? '', keys: sources.join(', ') } });
      }
    }
  }

  for (const [service, fields] of entries(data.services)) {
    for (const [index, watch] of items(isMapping(fields.develop) ? fields.develop.watch : undefined)) {
      if (watch.path === '') issues.push({ at: { path: ['services', service, 'develop', 'watch', index, 'path'], part: 'value' }, messageId: 'blankWatchPath', data: { where: `services.${service}.develop.watch[${index}].path` } });
    }
    const resources = isMapping(fields.deploy) && isMapping(fields.deploy.resources) ? fields.deploy.resources : {};
    const reservations = isMapping(resources.reservations) ? resources.reservations : {};
    const requests: [DataPath, unknown][] = [
      [['services', service, 'deploy', 'resources', 'reservations', 'devices'], reservations.devices],
      [['services', service, 'gpus'], fields.gpus],
    ];
    for (const [path, list] of requests) {
      for (const [index, request] of items(list)) {
        if (!('count' in request) || !('device_ids' in request)) continue;
        issues.push({ at: { path: [...path, index, 'device_ids'], part: 'key' }, messageId: 'countAndDeviceIds', data: { where: `${path.join('.')}[${index}]` } });
      }
    }
    for (const [index, volume] of items(fields.volumes)) {
      if (volume.type !== 'bind' || (typeof volume.source === 'string' && volume.source !== '')) continue;
      issues.push({ at: { path: ['services', service, 'volumes', index], part: 'value' }, messageId: 'bindWithoutSource', data: { where: `services.${service}.volumes[${index}]` } });
    }
  }
  return issues;
}
