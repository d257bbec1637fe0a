// Workflow code is replayed deterministically inside Temporal's sandbox: Node built-ins
// (fs, net, crypto, timers...) there would break replay, so they are banned at lint time.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'db/migrations/**', 'policies/dist/**', 'dist/**', 'console/dist/**', 'console/src/api/schema.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must stay deterministic: no Node built-ins.' })),
          patterns: [
            {
              group: ['**/activities/**', '**/db/**', '**/repo/**', '**/api/**', '**/policies/**', '**/runtime/**', '**/sandbox/**', '**/worker/**'],
              allowTypeImports: true,
              message: 'Workflows may only import types from side-effecting modules.',
            },
          ],
        },
      ],
    },
  },
);
