import { defineRule, type Report } from '../engine/rule.js';
import { isBuildOnlyBase } from '../vocabulary/gpu.js';

/** What Docker accepts as a restart policy: `no`, `always`, `unless-stopped`, `on-failure[:max-retries]`. */
const POLICY = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;

export default defineRule({
  id: 'compose-restart-policy',
  description: 'Every compose service that runs says what happens when it stops (`restart`), with a policy Docker knows',
  kind: 'general',
  documents: ['compose'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
  messages: {
    missing: {
      message: "Service '{{service}}' has no restart policy: after a crash or a reboot it stays down.",
      help: 'Add `restart: unless-stopped` (or `on-failure:5`, or `restart: "no"` for a one-off job).',
    },
    invalid: {
      message: "Service '{{service}}' has the restart policy '{{policy}}', which Docker refuses.",
      help: 'Use no, always, unless-stopped, on-failure or on-failure:<max retries>.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const resolved of project.services) {
      const { service } = resolved;
      // A service that only builds a base image never runs.
      if (isBuildOnlyBase(project, resolved)) continue;
      const restart = service.restart;
      if (restart === null) {
        if (service.restartPolicy === null) reports.push({ messageId: 'missing', data: { service: service.name }, location: service.location });
      } else if (restart.resolved !== null && !POLICY.test(restart.resolved)) {
        reports.push({ messageId: 'invalid', data: { service: service.name, policy: restart.resolved }, location: restart.location });
      }
    }
    return reports;
  },
});
