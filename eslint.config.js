// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import architecture from './eslint-rules/index.js';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'fixtures/', 'backend/', '.bench/', 'src/generated/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  {
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Rules and the vocabulary they share are pure functions of the parsed project.
    files: ['src/rules/**/*.ts', 'src/vocabulary/**/*.ts'],
    plugins: { architecture },
    rules: { 'architecture/no-io-in-rules': 'error' },
  },
  {
    files: ['src/rules/*.ts'],
    ignores: ['src/rules/index.ts'],
    plugins: { architecture },
    rules: { 'architecture/rule-file-name-matches-id': 'error' },
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
);
