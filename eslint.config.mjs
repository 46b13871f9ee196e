// Lint rules for the whole repository. The one rule that matters most here: no subgraph imports
// another subgraph's code; they meet only through the supergraph and NATS events.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SUBGRAPHS = ['catalog', 'availability', 'orders', 'fulfillment', 'delivery', 'tracking'];

const noCrossSubgraphImports = (self) => ({
  files: [`subgraphs/${self}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: SUBGRAPHS.filter((other) => other !== self).flatMap((other) => [
          { group: [`**/subgraphs/${other}/**`, `../../${other}/**`, `../${other}/**`], message: `Subgraphs never import each other (${self} → ${other}); use entities or events.` },
          { group: [`@qc/${other}`, `@qc/${other}/**`], message: `Subgraphs never import each other (${self} → ${other}); use entities or events.` },
        ]),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/__generated__/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...SUBGRAPHS.map(noCrossSubgraphImports),
);
