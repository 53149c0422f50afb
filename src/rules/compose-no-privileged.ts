import { Type } from '@sinclair/typebox';
import { defineRule, type Report } from '../engine/rule.js';
import { parseGoBool } from '../text.js';

export default defineRule({
  id: 'compose-no-privileged',
  description: 'No compose service runs privileged, unless the option allow names it',
  kind: 'general',
  documents: ['compose'],
  defaultSeverity: 'warning',
  strict: { severity: 'error' },
  options: Type.Object(
    {
      allow: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'Services that may run privileged (docker-in-docker, device tooling)' }),
    },
    { additionalProperties: false },
  ),
  messages: {
    privileged: {
      message: "Service '{{service}}' runs privileged: it gets every capability and device of the host.",
      help: "Grant only what it needs (`cap_add`, `devices`, `security_opt`), or add '{{service}}' to the option allow.",
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const { service } of project.services) {
      const privileged = service.privileged;
      // `${VAR}` left unresolved is unknown: not judged.
      const resolved = privileged?.resolved ?? null;
      if (privileged === null || resolved === null || parseGoBool(resolved) !== true) continue;
      if (options.allow.includes(service.name)) continue;
      reports.push({ messageId: 'privileged', data: { service: service.name }, location: privileged.location });
    }
    return reports;
  },
});
