import type { ComposeDoc, ComposeService, Project } from '../project/model.js';
import { defineRule, type Fix, type RelatedLocation, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { gpuNeed, isBuildOnlyBase, reservesGpu, type GpuNeed } from '../vocabulary/gpu.js';

// ─── The equivalent deploy block ─────────────────────────────────────────────

interface DeviceRequest {
  driver: string;
  count: string | number | null;
  deviceIds: string[] | null;
  capabilities: string[];
  options: unknown;
}

const PLAIN_SCALAR = /^[A-Za-z0-9_./-]+$/;
const YAML_KEYWORDS = /^(?:true|false|null|yes|no|on|off|~)$/i;

/** A value written in YAML flow style: plain when safe, JSON-quoted otherwise. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, each]) => `${flow(key)}: ${flow(each)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return PLAIN_SCALAR.test(value) && !YAML_KEYWORDS.test(value) && !/^[\d.]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** What `runtime: nvidia` gives: every GPU, or those NVIDIA_VISIBLE_DEVICES lists. */
function runtimeRequest(service: ComposeService): DeviceRequest {
  const visible = service.environment.get('NVIDIA_VISIBLE_DEVICES')?.value?.trim() ?? 'all';
  const ids = /^[\w-]+(?:,[\w-]+)*$/.test(visible) && !['all', 'none', 'void'].includes(visible.toLowerCase()) ? visible.split(',') : null;
  return { driver: 'nvidia', count: ids === null ? 'all' : null, deviceIds: ids, capabilities: ['gpu'], options: null };
}

/** What the `gpus:` shorthand asks for (`all`, or a list of requests). */
function gpusRequests(gpus: unknown): DeviceRequest[] | null {
  if (gpus === 'all') return [{ driver: 'nvidia', count: 'all', deviceIds: null, capabilities: ['gpu'], options: null }];
  if (!Array.isArray(gpus)) return null;
  const requests: DeviceRequest[] = [];
  for (const item of gpus as unknown[]) {
    if (item === null || typeof item !== 'object') return null;
    const { driver, count, device_ids: deviceIds, capabilities, options } = item as Record<string, unknown>;
    const strings = (value: unknown): string[] | null => (Array.isArray(value) ? value.map(String) : null);
    const given = strings(capabilities) ?? [];
    requests.push({
      driver: typeof driver === 'string' ? driver : 'nvidia',
      count: typeof count === 'string' || typeof count === 'number' ? count : deviceIds === undefined ? 'all' : null,
      deviceIds: strings(deviceIds),
      capabilities: given.includes('gpu') ? given : ['gpu', ...given],
      options: options ?? null,
    });
  }
  return requests;
}

function deviceLines(request: DeviceRequest): string[] {
  const lines = [`driver: ${flow(request.driver)}`];
  if (request.count !== null) lines.push(`count: ${flow(request.count)}`);
  if (request.deviceIds !== null) lines.push(`device_ids: ${flow(request.deviceIds)}`);
  lines.push(`capabilities: ${flow(request.capabilities)}`);
  if (request.options !== null) lines.push(`options: ${flow(request.options)}`);
  return lines;
}

/** The deploy block as block YAML, each line indented by `indent`, nested by `unit`. */
function deployBlock(requests: readonly DeviceRequest[], indent: string, unit: string, comment: string): string {
  const at = (depth: number): string => indent + unit.repeat(depth);
  // A comment that followed the legacy key stays on the line that replaces it.
  const lines = [`${at(0)}deploy:${comment === '' ? '' : `  ${comment}`}`, `${at(1)}resources:`, `${at(2)}reservations:`, `${at(3)}devices:`];
  for (const request of requests) {
    deviceLines(request).forEach((line, index) => lines.push(`${at(4)}${index === 0 ? '- ' : '  '}${line}`));
  }
  return lines.join('\n');
}

/** The same block in one line, for messages. */
function deployFlow(requests: readonly DeviceRequest[]): string {
  const devices = requests.map((request) => `{${deviceLines(request).join(', ')}}`).join(', ');
  return `deploy: {resources: {reservations: {devices: [${devices}]}}}`;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/**
 * The text span of a service's `key: value` entry, whole lines, when it is written in block style
 * (the key first on its line, nothing but a comment after the value); `null` otherwise.
 */
function entrySpan(doc: ComposeDoc, service: string, key: string): { start: number; end: number; indent: string; comment: string } | null {
  const { source } = doc;
  const keyStart = source.offsetAt(doc.locate(['services', service, key], 'key').range.start);
  let valueEnd = source.offsetAt(doc.locate(['services', service, key]).range.end);
  // A block collection ends after its last line break.
  while (valueEnd > keyStart && (source.text[valueEnd - 1] === '\n' || source.text[valueEnd - 1] === '\r')) valueEnd--;
  const start = lineStart(source.text, keyStart);
  const indent = source.text.slice(start, keyStart);
  const end = lineEnd(source.text, valueEnd);
  if (!/^[ ]*$/.test(indent) || !source.text.startsWith(key, keyStart)) return null;
  const rest = /^[ \t]*(#.*?)?\r?$/.exec(source.text.slice(valueEnd, end));
  if (rest === null) return null;
  return { start, end: source.text[end - 1] === '\r' ? end - 1 : end, indent, comment: rest[1] ?? '' };
}

/** The file's nesting unit, from the service key's indentation to its keys'. */
function indentUnit(doc: ComposeDoc, service: string, keyIndent: string): string {
  const serviceColumn = doc.locate(['services', service], 'key').range.start.column;
  const width = keyIndent.length - (serviceColumn - 1);
  return ' '.repeat(width > 0 ? width : 2);
}

function serviceData(doc: ComposeDoc, service: string): Record<string, unknown> | null {
  const services = (doc.data as { services?: Record<string, unknown> } | null | undefined)?.services;
  const value = services?.[service];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

interface Legacy {
  key: 'runtime' | 'gpus';
  location: Location;
  requests: DeviceRequest[] | null;
}

/**
 * Fixes for a GPU service's legacy keys: the first becomes the deploy block (the `gpus:` one when both
 * are written, being the more precise), the others are removed. Nothing when the file's service
 * already has a `deploy:` without a valid reservation, or an entry is not in block style.
 */
function legacyFixes(project: Project, service: ComposeService, legacy: readonly Legacy[], hasValidReservation: boolean): Map<Legacy, Fix> {
  const fixes = new Map<Legacy, Fix>();
  const ordered = [...legacy].sort((a, b) => (a.key === b.key ? 0 : a.key === 'gpus' ? -1 : 1));
  let blockWritten = hasValidReservation;
  for (const entry of ordered) {
    const doc = project.document(entry.location.file);
    if (doc?.kind !== 'compose') continue;
    const span = entrySpan(doc, service.name, entry.key);
    if (span === null) continue;
    const text = doc.source.text;
    if (blockWritten) {
      // Remove the whole line, and its line break.
      const end = text.startsWith('\r\n', span.end) ? span.end + 2 : text.startsWith('\n', span.end) ? span.end + 1 : span.end;
      fixes.set(entry, { kind: 'edit', file: doc.source.path, edits: [{ start: span.start, end, text: '' }] });
      continue;
    }
    if (entry.requests === null || serviceData(doc, service.name)?.deploy !== undefined) continue;
    const block = deployBlock(entry.requests, span.indent, indentUnit(doc, service.name, span.indent), span.comment);
    fixes.set(entry, { kind: 'edit', file: doc.source.path, edits: [{ start: span.start, end: span.end, text: block.replace(/\n/g, text.includes('\r\n') ? '\r\n' : '\n') }] });
    blockWritten = true;
  }
  return fixes;
}

// ─── Device checks ───────────────────────────────────────────────────────────

function isValidCount(count: string | number): boolean | null {
  if (typeof count === 'number') return Number.isInteger(count) && count >= 1;
  if (count.includes('$')) return null;
  return count === 'all' || /^[1-9]\d*$/.test(count);
}

function checkDevices(service: ComposeService, need: GpuNeed, related: RelatedLocation[]): Report[] {
  const name = service.name;
  const gpuDevices = service.devices.filter((device) => device.capabilities?.value.includes('gpu') === true);
  const first = service.devices[0];
  if (first === undefined) return [];
  if (gpuDevices.length === 0) {
    return [{ messageId: 'noGpuCapability', data: { service: name, reason: need.reason }, location: first.capabilities?.location ?? first.location, related }];
  }
  const reports: Report[] = [];
  for (const device of gpuDevices) {
    const driver = device.driver;
    if (driver === null) reports.push({ messageId: 'missingDriver', data: { service: name }, location: device.location, related });
    else if (driver.resolved !== null && driver.resolved !== 'nvidia') {
      reports.push({ messageId: 'wrongDriver', data: { service: name, driver: driver.resolved, reason: need.reason }, location: driver.location, related });
    }
    const { count, deviceIds } = device;
    // Both `count` and `device_ids` is compose-schema's finding (Compose refuses any such device).
    if (count !== null && deviceIds !== null) continue;
    if (count === null && deviceIds === null) {
      reports.push({ messageId: 'missingCount', data: { service: name }, location: device.location, related });
    } else if (count !== null && isValidCount(count.value) === false) {
      reports.push({ messageId: 'badCount', data: { service: name, count: String(count.value) }, location: count.location, related });
    }
  }
  return reports;
}

function hasValidReservation(service: ComposeService): boolean {
  return service.devices.some(
    (device) =>
      device.capabilities?.value.includes('gpu') === true &&
      device.driver?.resolved === 'nvidia' &&
      (device.count === null) !== (device.deviceIds === null) &&
      (device.count === null || isValidCount(device.count.value) !== false),
  );
}

function legacyKeys(service: ComposeService): Legacy[] {
  const legacy: Legacy[] = [];
  if (service.runtime?.resolved === 'nvidia') legacy.push({ key: 'runtime', location: service.runtime.location, requests: [runtimeRequest(service)] });
  if (service.gpus !== null) legacy.push({ key: 'gpus', location: service.gpus.location, requests: gpusRequests(service.gpus.value) });
  return legacy;
}


const EXAMPLE: DeviceRequest = { driver: 'nvidia', count: 1, deviceIds: null, capabilities: ['gpu'], options: null };

export default defineRule({
  id: 'compose-gpu-reservation',
  description: 'Services that need a GPU reserve an NVIDIA device with deploy.resources.reservations.devices; services that do not, reserve none',
  kind: 'policy',
  documents: ['compose'],
  defaultSeverity: 'error',
  fixable: true,
  messages: {
    missingReservation: {
      message: 'Service \'{{service}}\' needs a GPU but reserves none, so it starts without GPU access.',
      help: 'Add `{{block}}` (it needs a GPU: {{reason}}).',
    },
    legacyRuntime: {
      message: 'Service \'{{service}}\' asks for GPUs with the legacy `runtime: nvidia`, which reserves no device.',
      help: 'Replace it with `{{block}}`.',
    },
    legacyGpus: {
      message: 'Service \'{{service}}\' uses the `gpus:` shorthand, which older Compose versions reject.',
      help: 'Replace it with `{{block}}`.',
    },
    redundantLegacy: {
      message: 'Service \'{{service}}\' also asks for GPUs with {{what}}, which its reservation already covers.',
      help: 'Remove it: one spelling per service.',
    },
    noGpuCapability: {
      message: 'Service \'{{service}}\' needs a GPU, but no device reservation asks for the `gpu` capability.',
      help: 'Add `capabilities: [gpu]` to its NVIDIA device (it needs a GPU: {{reason}}).',
    },
    missingDriver: {
      message: 'Service \'{{service}}\' reserves a GPU without a `driver`: any vendor\'s device can be handed out.',
      help: 'Set `driver: nvidia`.',
    },
    wrongDriver: {
      message: 'Service \'{{service}}\' reserves a GPU with driver \'{{driver}}\', but its GPU code needs NVIDIA\'s.',
      help: 'Set `driver: nvidia` (it needs an NVIDIA GPU: {{reason}}).',
    },
    missingCount: {
      message: 'Service \'{{service}}\' reserves a GPU without `count` or `device_ids`.',
      help: 'Say how many it takes (`count: 1`, `count: all`) or which (`device_ids: ["0"]`).',
    },
    badCount: {
      message: 'Service \'{{service}}\' reserves `count: {{count}}` GPUs, which is not a positive integer or `all`.',
      help: 'Set `count` to a positive integer or `all`.',
    },
    unneededReservation: {
      message: 'Service \'{{service}}\' reserves a GPU with {{what}}, but nothing says it needs one.',
      help: 'Remove the reservation, or list the service in gpuServices if it runs GPU code (no GPU image or NVIDIA_VISIBLE_DEVICES/CUDA_VISIBLE_DEVICES says so).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const resolved of project.services) {
      const { service } = resolved;
      if (isBuildOnlyBase(project, resolved)) continue;
      const need = gpuNeed(project, resolved);
      const legacy = legacyKeys(service);
      if (need === null) {
        for (const device of service.devices.filter(reservesGpu)) {
          reports.push({ messageId: 'unneededReservation', data: { service: service.name, what: 'a device reservation' }, location: device.location });
        }
        for (const entry of legacy) {
          reports.push({ messageId: 'unneededReservation', data: { service: service.name, what: entry.key === 'runtime' ? '`runtime: nvidia`' : '`gpus:`' }, location: entry.location });
        }
        continue;
      }
      const related = need.related === null ? [] : [need.related];
      if (service.devices.length === 0 && legacy.length === 0) {
        reports.push({ messageId: 'missingReservation', data: { service: service.name, reason: need.reason, block: deployFlow([EXAMPLE]) }, location: service.location, related });
        continue;
      }
      reports.push(...checkDevices(service, need, related));
      const covered = hasValidReservation(service);
      const fixes = legacyFixes(project, service, legacy, covered);
      // With both spellings, `gpus:` says more precisely what is meant.
      const requests = legacy.find((entry) => entry.key === 'gpus')?.requests ?? legacy[0]?.requests ?? [EXAMPLE];
      for (const entry of legacy) {
        const fix = fixes.get(entry);
        const what = entry.key === 'runtime' ? '`runtime: nvidia`' : '`gpus:`';
        reports.push({
          messageId: covered ? 'redundantLegacy' : entry.key === 'runtime' ? 'legacyRuntime' : 'legacyGpus',
          data: covered ? { service: service.name, what } : { service: service.name, block: deployFlow(requests) },
          location: entry.location,
          ...(fix === undefined ? {} : { fix }),
        });
      }
    }
    return reports;
  },
});
