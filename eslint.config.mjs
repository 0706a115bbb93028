// ESLint runs only for what Biome does not check: the rules of React hooks (dependencies of
// effects and memos, hooks called in order). Biome formats and lints everything else.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'public/**', 'bench/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['app/**/*.tsx', 'components/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
];
