// ESLint flat config. The layering rules (DESIGN.md §1, STYLE.md §2) are enforced here, not by goodwill:
// shared ← core ← {main, server, cli}; preload ← shared; renderer ← shared. tests/lint proves a violation fails.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads', 'stream']
const ban = (names, message) => names.map((name) => ({ group: [name], message }))
/** Import paths that reach into a room: the folder itself or anything below it. */
const rooms = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`])

/** Import restrictions per room: `patterns` for no-restricted-imports. */
export const LAYERS = {
  'src/shared/**': [
    ...ban(['electron', '@tensorflow/*', 'vue', 'pinia', ...NODE_BUILTINS], 'src/shared is pure TypeScript: no platform imports.'),
    ...ban([...rooms('core', 'main', 'preload', 'renderer', 'server', 'cli')], 'src/shared imports nothing but itself.')
  ],
  'src/core/**': [
    ...ban(['electron', 'electron/*'], 'src/core never imports electron (DESIGN.md §1).'),
    ...ban([...rooms('main', 'preload', 'renderer', 'server', 'cli')], 'src/core must not import a host.')
  ],
  'src/core/tiff/**': [...ban(['@tensorflow/*', '**/engine', '**/engine/**'], 'src/core/tiff knows nothing about the engine or TensorFlow.js.')],
  'src/core/data/**': [...ban(['@tensorflow/*', '**/engine', '**/engine/**'], 'src/core/data works on typed arrays, not tensors.')],
  'src/preload/**': [
    ...ban(NODE_BUILTINS, 'A sandboxed preload may import only electron and src/shared.'),
    ...ban([...rooms('core', 'main', 'renderer', 'server', 'cli')], 'The preload imports only electron and src/shared.')
  ],
  'src/renderer/**': [
    ...ban(['electron', 'electron/*', '@tensorflow/*', ...NODE_BUILTINS], 'The renderer runs in a sandboxed page: no electron, node or tfjs.'),
    ...ban([...rooms('core', 'main', 'preload', 'server', 'cli')], 'The renderer talks to services only through src/renderer/src/api.')
  ],
  'src/main/**': [...ban([...rooms('server', 'cli', 'renderer'), '**/core/*/*', '**/core/*/*/**'], 'src/main uses core through each feature\'s index.ts.')],
  'src/server/**': [
    ...ban(['electron', 'electron/*'], 'The browser host does not use electron.'),
    ...ban([...rooms('main', 'cli', 'renderer'), '**/core/*/*', '**/core/*/*/**'], 'src/server uses core through each feature\'s index.ts.')
  ],
  'src/cli/**': [
    ...ban(['electron', 'electron/*'], 'The CLI does not use electron.'),
    ...ban([...rooms('main', 'renderer'), '**/core/*/*', '**/core/*/*/**'], 'src/cli uses core through each feature\'s index.ts.')
  ]
}

// tf.ts is the one module that imports TensorFlow.js (STYLE.md rule 24); the engine's backend folder registers kernels.
const TF_OWNERS = ['src/core/engine/tf.ts', 'src/core/engine/backend/**']

const TF_BAN = ban(['@tensorflow/*'], 'Import tf from src/core/engine/tf.ts (the one backend module, STYLE.md rule 24).')

/** All patterns that apply to files under `glob`: its own, its parent rooms', and the tfjs ban inside core. */
export function patternsFor(glob) {
  const parents = Object.keys(LAYERS).filter((g) => g !== glob && glob.startsWith(g.replace('/**', '/')))
  const own = [...parents, glob].flatMap((g) => LAYERS[g])
  return glob.startsWith('src/core/') ? [...own, ...TF_BAN] : own
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'e2e/artifacts/**', 'test-results/**', 'tests/lint/fixtures/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off'
    }
  },
  { files: ['src/renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['bin/**/*.js', 'scripts/**/*.cjs', 'scripts/**/*.d.cts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...Object.entries(LAYERS).map(([glob]) => ({ files: [glob], rules: { 'no-restricted-imports': ['error', { patterns: patternsFor(glob) }] } })),
  // The backend module may import TensorFlow.js; every other core rule still applies to it.
  { files: TF_OWNERS, rules: { 'no-restricted-imports': ['error', { patterns: LAYERS['src/core/**'] }] } },
  { files: ['bench/probes/**'], rules: { '@typescript-eslint/no-require-imports': 'off' } }
)
