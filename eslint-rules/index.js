// @ts-check
/**
 * Local ESLint rules that keep the architecture honest: rules are pure functions of the parsed
 * project (no file system, processes or process state), and a rule file is named after its rule id.
 */
import { ESLintUtils } from '@typescript-eslint/utils';
import path from 'node:path';

const createRule = ESLintUtils.RuleCreator(
  (name) => `https://github.com/dockerlint/dockerlint/blob/main/eslint-rules/README.md#${name}`,
);

const FORBIDDEN_MODULES = new Set(['fs', 'fs/promises', 'child_process', 'process', 'os', 'worker_threads']);

/** @param {string} source */
function forbiddenModule(source) {
  const bare = source.replace(/^node:/, '');
  return FORBIDDEN_MODULES.has(bare) ? bare : null;
}

export const noIoInRules = createRule({
  name: 'no-io-in-rules',
  meta: {
    type: 'problem',
    docs: { description: 'Rules must not import fs, child_process, process or os, nor use the `process` global' },
    messages: {
      forbiddenImport: "Rules are pure functions of the parsed project: do not import '{{module}}'. Read files and spawn processes in src/project/ or the CLI.",
      forbiddenGlobal: 'Rules are pure functions of the parsed project: do not use the `process` global.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    /** @param {import('@typescript-eslint/utils').TSESTree.Node} node @param {string} source */
    const check = (node, source) => {
      const module = forbiddenModule(source);
      if (module) context.report({ node, messageId: 'forbiddenImport', data: { module } });
    };
    return {
      ImportDeclaration(node) {
        check(node.source, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node.source, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value);
      },
      Identifier(node) {
        if (node.name !== 'process') return;
        const scope = context.sourceCode.getScope(node);
        const variable = scope.references.find((ref) => ref.identifier === node)?.resolved;
        const isMemberKey = node.parent.type === 'MemberExpression' && node.parent.property === node && !node.parent.computed;
        const isPropertyKey = node.parent.type === 'Property' && node.parent.key === node;
        if (!variable && !isMemberKey && !isPropertyKey) context.report({ node, messageId: 'forbiddenGlobal' });
      },
    };
  },
});

export const ruleFileNameMatchesId = createRule({
  name: 'rule-file-name-matches-id',
  meta: {
    type: 'problem',
    docs: { description: "A rule file's name must equal the id of the rule it defines" },
    messages: {
      mismatch: "This file defines rule '{{id}}' but is named '{{file}}': rename the file to '{{id}}.ts' or change the id.",
      missing: 'A rule file must call defineRule({ id: … }) with a string literal id.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const file = path.basename(context.filename, '.ts');
    let found = false;
    return {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'defineRule') return;
        const [arg] = node.arguments;
        if (arg?.type !== 'ObjectExpression') return;
        for (const prop of arg.properties) {
          if (prop.type === 'Property' && prop.key.type === 'Identifier' && prop.key.name === 'id') {
            found = true;
            if (prop.value.type !== 'Literal' || typeof prop.value.value !== 'string') {
              context.report({ node: prop, messageId: 'missing' });
            } else if (prop.value.value !== file) {
              context.report({ node: prop.value, messageId: 'mismatch', data: { id: prop.value.value, file } });
            }
          }
        }
      },
      'Program:exit'(node) {
        if (!found) context.report({ node, messageId: 'missing' });
      },
    };
  },
});

export default {
  meta: { name: 'dockerlint-architecture' },
  rules: { 'no-io-in-rules': noIoInRules, 'rule-file-name-matches-id': ruleFileNameMatchesId },
};
