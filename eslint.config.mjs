// ESLint (flat config) with typescript-eslint's recommended rules, and the layer boundary:
// src/core is the pure analysis and never reaches into the shells or the editor.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e-cache/**', 'media/**', 'test/e2e/node_modules/**', 'grammars/**', 'src/core/knowledge/knowledgeValidator.generated.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core never imports vscode: the editor is a shell over the core.' }],
          patterns: [{ group: ['**/cli/**', '**/extension/**', '**/webview/**', '**/worker/**', '**/indexer/**', '../../cli', '../../extension', '../../webview', '../../worker', '../../indexer'], message: 'src/core imports neither the CLI, the extension, the webview, the worker nor the indexer.' }],
        },
      ],
    },
  },
);
