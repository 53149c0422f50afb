import { defineRule, type Report } from '../engine/rule.js';
import { closest } from '../text.js';
import { servicesByProject } from '../vocabulary/compose-projects.js';

export default defineRule({
  id: 'compose-depends-on-known',
  description: 'Every service that `depends_on` names is a service of the same compose project',
  kind: 'general',
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    unknown: {
      message: "Service '{{service}}' depends on '{{dependency}}', which is no service of this compose project.",
      help: 'Compose refuses the project; name one of its services{{suggestion}}, or define the service.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const services of servicesByProject(project)) {
      const names = services.map(({ service }) => service.name);
      const known = new Set(names);
      for (const { service } of services) {
        for (const dependency of service.dependsOn) {
          if (known.has(dependency.value)) continue;
          const match = closest(dependency.value, names);
          reports.push({
            messageId: 'unknown',
            data: { service: service.name, dependency: dependency.value, suggestion: match === null ? '' : ` (did you mean '${match}'?)` },
            location: dependency.location,
          });
        }
      }
    }
    return reports;
  },
});
