import type { ComposeString } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { servicesByProject } from '../vocabulary/compose-projects.js';

export default defineRule({
  id: 'compose-unique-container-names',
  description: 'No two services of a compose project set the same `container_name`',
  kind: 'general',
  equivalents: { dclint: ['no-duplicate-container-names'] },
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    duplicate: {
      message: "Container name '{{name}}' of service '{{service}}' is taken by service '{{other}}'. The second to start fails.",
      help: 'Give it another `container_name`, or remove the key and let Compose name the container.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const services of servicesByProject(project)) {
      const first = new Map<string, { service: string; name: ComposeString }>();
      for (const { service } of services) {
        const name = service.containerName;
        const resolved = name?.resolved ?? null;
        if (name === null || resolved === null) continue;
        const earlier = first.get(resolved);
        if (earlier === undefined) {
          first.set(resolved, { service: service.name, name });
          continue;
        }
        reports.push({
          messageId: 'duplicate',
          data: { service: service.name, name: resolved, other: earlier.service },
          location: name.location,
          related: [{ location: earlier.name.location, message: `service '${earlier.service}' uses it here` }],
        });
      }
    }
    return reports;
  },
});
