import { posix } from 'node:path';
import { leavesDirectory } from '../paths.js';
import { defineRule, type Report } from '../engine/rule.js';

export default defineRule({
  id: 'compose-env-file-exists',
  description: 'Every `env_file` a compose service requires exists in the repository',
  kind: 'general',
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    missing: {
      message: "The env file '{{path}}' of service '{{service}}' does not exist: Compose refuses to start it.",
      help: 'Fix the path (relative to the compose file), create the file, or write `{path: {{written}}, required: false}` when each machine brings its own.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { service } of project.services) {
      for (const envFile of service.envFiles) {
        const written = envFile.path.resolved;
        // Unknown values, home and absolute paths, and paths that leave the repository are not ours to check.
        if (!envFile.required || written === null || /^[~/]/.test(written)) continue;
        const path = posix.normalize(posix.join(posix.dirname(envFile.path.location.file), written));
        if (leavesDirectory(path) || project.exists(path)) continue;
        reports.push({ messageId: 'missing', data: { path, service: service.name, written: envFile.path.value }, location: envFile.path.location });
      }
    }
    return reports;
  },
});
