import { createRequire as __dockerlintCreateRequire } from 'node:module'; const require = __dockerlintCreateRequire(import.meta.url);
import{DIRECTIVE_RULE_ID,UsageError,compareFindings,configSchema,lint,rules,runRules,withRulesTable}from"./chunk-QZMB2P3D.js";import"./chunk-EMXI4PSO.js";export{DIRECTIVE_RULE_ID,UsageError,compareFindings,configSchema,lint,rules,runRules,withRulesTable};
