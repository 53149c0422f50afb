import type { ComposePort } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { servicesByProject } from '../vocabulary/compose-projects.js';

/** A range wider than this is not expanded port by port (Docker's own ranges are a few ports wide). */
const MAX_RANGE = 1024;
/** Host addresses that bind every interface, and so collide with any address on the same port. */
const EVERY_INTERFACE = new Set(['', '0.0.0.0', '::']);

/** The host ports a published port takes: `8080` or `8000-8010`; `null` when not published or unknown. */
function hostPorts(published: string | null): number[] | null {
  const match = published === null ? null : /^(\d+)(?:-(\d+))?$/.exec(published);
  if (match === null) return null;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first || last - first >= MAX_RANGE) return null;
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

interface Published {
  service: string;
  port: ComposePort;
}

export default defineRule({
  id: 'compose-unique-host-ports',
  description: 'No two ports of a compose project publish the same host port on the same address and protocol',
  kind: 'general',
  equivalents: { dclint: ['no-duplicate-exported-ports'] },
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    duplicate: {
      message: "Host port {{port}}/{{protocol}} of service '{{service}}' is taken by service '{{other}}'. The second to start fails.",
      help: 'Publish another host port, or give only the container port ("{{target}}") and let Docker choose one.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const services of servicesByProject(project)) {
      // Per host port and protocol: the first binding of each address, and the first on every interface.
      const taken = new Map<string, { byAddress: Map<string, Published>; everywhere: Published | null; first: Published }>();
      for (const { service } of services) {
        for (const port of service.ports) {
          const ports = hostPorts(port.published);
          if (ports === null) continue;
          const address = port.hostIp === null || EVERY_INTERFACE.has(port.hostIp) ? '' : port.hostIp;
          const current: Published = { service: service.name, port };
          for (const hostPort of ports) {
            const key = `${hostPort}/${port.protocol}`;
            const entry = taken.get(key);
            if (entry === undefined) {
              taken.set(key, { byAddress: new Map([[address, current]]), everywhere: address === '' ? current : null, first: current });
              continue;
            }
            const earlier = address === '' ? entry.first : (entry.byAddress.get(address) ?? entry.everywhere);
            if (earlier !== null) {
              reports.push({
                messageId: 'duplicate',
                data: { service: service.name, other: earlier.service, port: hostPort, protocol: port.protocol, target: port.target ?? '' },
                location: port.location,
                related: [{ location: earlier.port.location, message: `service '${earlier.service}' publishes it here` }],
              });
              break;
            }
            if (!entry.byAddress.has(address)) entry.byAddress.set(address, current);
            if (address === '' && entry.everywhere === null) entry.everywhere = current;
          }
        }
      }
    }
    return reports;
  },
});
