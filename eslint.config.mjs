import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** libs/domain and libs/events stay pure: no framework, no I/O, no environment, no clock, no randomness. */
const purity = {
  files: ['libs/domain/src/**/*.ts', 'libs/events/src/**/*.ts'],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['@nestjs/*', '@nestjs'], message: 'The domain and events libraries must not depend on Nest.' },
        { group: ['pg', 'pg-*', '@electric-sql/*', 'kafkajs', '@kurrent/*', '@eventstore/*'], message: 'No database or messaging in the domain.' },
        { group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os'], message: 'No I/O or platform modules in the domain.' },
        { group: ['@ayumi/event-store', '@ayumi/sql', '@ayumi/platform'], message: 'The domain must not depend on infrastructure libraries.' },
      ],
    }],
    'no-restricted-globals': ['error',
      { name: 'process', message: 'No environment in the domain: pass configuration in.' },
      { name: 'fetch', message: 'No I/O in the domain.' },
    ],
    'no-restricted-syntax': ['error',
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in the domain: time comes in with the command.' },
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in the domain: time comes in with the command.' },
      { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No randomness in the domain: ids come in with the command.' },
      { selector: "CallExpression[callee.property.name='randomUUID']", message: 'No randomness in the domain: ids come in with the command.' },
    ],
    '@typescript-eslint/no-explicit-any': 'error',
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  purity,
);
