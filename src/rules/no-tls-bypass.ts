import { isInstruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { instructionScript } from '../vocabulary/commands.js';
import { tlsBypassInCommand, tlsBypassInVariable } from '../vocabulary/tls.js';

export default defineRule({
  id: 'no-tls-bypass',
  description: 'No RUN, ENV or ARG turns off TLS certificate verification (curl -k, pip --trusted-host, NODE_TLS_REJECT_UNAUTHORIZED=0, …)',
  kind: 'general',
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    command: {
      message: '`{{what}}` turns off TLS certificate verification for {{tool}}.',
      help: 'Trust the certificate instead: COPY the CA to /usr/local/share/ca-certificates and RUN update-ca-certificates (or point {{tool}} at it).',
    },
    variable: {
      message: '{{assignment}} turns off TLS certificate verification for {{tool}}.',
      help: 'Remove it, and trust the certificate instead: COPY the CA to /usr/local/share/ca-certificates and RUN update-ca-certificates.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const file = dockerfile.source.path;
      for (const instruction of dockerfile.instructions) {
        if (isInstruction(instruction, 'ARG', 'ENV')) {
          for (const property of instruction.properties) {
            const tool = tlsBypassInVariable(property.name, property.value);
            if (tool === null) continue;
            reports.push({ messageId: 'variable', data: { assignment: `${instruction.keyword} ${property.name}=${property.value ?? ''}`, tool }, location: { file, range: property.range } });
          }
        }
        if (!isInstruction(instruction, 'RUN')) continue;
        const script = instructionScript(instruction);
        for (const command of script?.commands ?? []) {
          const bypass = tlsBypassInCommand(command);
          if (bypass !== null) reports.push({ messageId: 'command', data: { what: bypass.what, tool: bypass.tool }, location: { file, range: bypass.word.range } });
        }
        for (const assignment of script?.assignments ?? []) {
          const tool = tlsBypassInVariable(assignment.name, assignment.value);
          if (tool !== null) reports.push({ messageId: 'variable', data: { assignment: `${assignment.name}=${assignment.value ?? ''}`, tool }, location: { file, range: assignment.range } });
        }
      }
    }
    return reports;
  },
});
