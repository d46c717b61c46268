// Type-aware lint for the whole workspace, with module boundaries: apps never import apps,
// and a service's code depends only on shared libraries (see ../shared/DESIGN.md).
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:registry'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:infra', 'type:registry'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            // libs/registry, the one list of subgraphs (names, ports, URL variables, databases): apps
            // and infra both read it and may not read each other, so it has a tag of its own and
            // depends on nothing.
            { sourceTag: 'type:registry', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:registry'] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:infra', 'type:lib', 'type:contracts', 'type:registry'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:infra', 'type:lib', 'type:contracts', 'type:registry'] },
            // infra/deploy: tests of the images, docker-compose.yml and k8s/ against the apps' declarations.
            {
              sourceTag: 'type:deploy',
              onlyDependOnLibsWithTags: ['type:app', 'type:infra', 'type:lib', 'type:contracts', 'type:registry'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
