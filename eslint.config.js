import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist.*/', 'node_modules/', '.tools/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // The layers below the screen: data, store, ops, incident, config and util know no screen,
    // and nothing of the simulators.
    files: ['src/data/**', 'src/store/**', 'src/ops/**', 'src/incident/**', 'src/config/**', 'src/util/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['ink', 'ink-*', 'react', '**/ui/**', '**/panes/**', '**/actions/**'],
              message: 'Lower layers (data, store, ops, incident, config, util) never import the screen.',
            },
            { group: ['**/sim/**'], message: 'Only the demo, tests and benchmarks use the simulators.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/panes/**', 'src/ui/**', 'src/actions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/sim/**'], message: 'Panes and the UI never import the simulators.' }] },
      ],
    },
  },
  {
    // Later than the block above, so it replaces that rule for src/sim (and keeps its patterns).
    files: ['src/sim/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'ink',
                'react',
                '**/ui/**',
                '**/panes/**',
                '**/data/**',
                '**/actions/**',
                '**/incident/**',
                '**/store/**',
                '**/config/**',
                '**/util/**',
                '**/demo/**',
              ],
              message: 'The simulators import nothing of the console: src/sim stands alone.',
            },
          ],
        },
      ],
    },
  },
);
