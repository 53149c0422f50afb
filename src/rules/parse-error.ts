import { defineRule } from '../engine/rule.js';

export default defineRule({
  id: 'parse-error',
  description: 'Files that cannot be read or parsed (syntax errors, binary files, symlink loops); everything else is still linted',
  kind: 'policy',
  documents: ['dockerfile', 'compose', 'dockerignore', 'script', 'env'],
  defaultSeverity: 'error',
  messages: {
    problem: {
      message: '{{message}}',
      help: 'Fix the file at this position; the rest of the project is still linted.',
    },
  },
  check(project) {
    return project.problems.map((problem) => ({
      messageId: 'problem',
      data: { message: problem.message },
      location: problem.location,
    }));
  },
});
