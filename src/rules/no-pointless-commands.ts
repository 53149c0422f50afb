import { defineRule, type Report } from '../engine/rule.js';
import { projectRuns } from '../vocabulary/runs.js';

/** Commands that act on a running system: in a build they do nothing the image keeps. */
const POINTLESS = new Map<string, string>(Object.entries({
  ssh: 'A build has no SSH session to open; `RUN --mount=type=ssh` lends the agent to git',
  vim: 'An editor waits for a person, and a build has none',
  vi: 'An editor waits for a person, and a build has none',
  nano: 'An editor waits for a person, and a build has none',
  shutdown: 'A build container has no system to shut down',
  reboot: 'A build container has no system to reboot',
  halt: 'A build container has no system to halt',
  service: 'A service started here is killed when the RUN ends',
  systemctl: 'A build container runs no systemd',
  ps: 'It lists the processes of a build step, which the image does not keep',
  top: 'It shows the processes of a build step, which the image does not keep',
  free: 'It shows the memory of a build step, which the image does not keep',
  kill: 'The processes of earlier RUNs are gone already',
  mount: 'A build runs without the privileges mount needs; `RUN --mount` mounts for one RUN',
  ifconfig: 'It shows the network of a build step, which the image does not keep',
}));

export default defineRule({
  id: 'no-pointless-commands',
  description: 'A RUN does not run commands that only act on a running system (ssh, vim, service, shutdown, ps, kill, mount, …)',
  kind: 'general',
  equivalents: { hadolint: ['DL3001'] },
  documents: ['dockerfile'],
  defaultSeverity: 'info',
  messages: {
    pointlessCommand: {
      message: '`{{program}}` in a RUN does nothing the image keeps. {{reason}}.',
      help: 'Remove it, or move what it is for to container start (CMD, ENTRYPOINT) or to a RUN --mount.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, instruction, script } of projectRuns(project)) {
      const sshMounted = instruction.flags.some((flag) => flag.name === 'mount' && flag.options.type === 'ssh');
      for (const command of script.commands) {
        const reason = command.program === null ? undefined : POINTLESS.get(command.program);
        if (command.program === null || reason === undefined || (command.program === 'ssh' && sshMounted)) continue;
        reports.push({
          messageId: 'pointlessCommand',
          data: { program: command.program, reason },
          location: { file: dockerfile.source.path, range: command.range },
        });
      }
    }
    return reports;
  },
});
