// Flat config. The rule that matters most: the core in shared/ stays host-free (see ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const hostImports = [
  { name: 'vscode', message: 'shared/ is host-free: the VS Code adapter lives in extensions/vscode.' },
  { name: 'react', message: 'shared/ is host-free: UI lives in the extensions.' },
  { name: 'react-dom', message: 'shared/ is host-free: UI lives in the extensions.' },
];

const hostPatterns = [
  { group: ['@k8slens/*'], message: 'shared/ is host-free: Lens code lives in extensions/lens.' },
  { group: ['**/extensions/**'], message: 'shared/ must not import from the extensions.' },
];

// Webview code runs in a browser frame under a strict CSP; it reaches the extension host only by
// postMessage (the scan viewer's protocol.ts), never through the vscode module or Node.
const webviewImports = {
  paths: [
    {
      name: 'vscode',
      message: 'Webview code runs in the browser: talk to the extension host with postMessage (protocol.ts).',
    },
  ],
  patterns: [
    { group: ['node:*'], message: 'Webview code runs in the browser: no Node modules.' },
    {
      group: ['@trivy-findings/core/node/*', '**/shared/src/node/*'],
      message: 'Webview code runs in the browser.',
    },
  ],
};

// Report text is untrusted and is never HTML: the scan viewer's page renders it as React text
// nodes only. Each way of writing HTML into a page is refused in the webview's code.
const noHtml = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'Report text is untrusted: render it as text (React text nodes), never as HTML.',
  },
  {
    selector: "Property[key.name='dangerouslySetInnerHTML']",
    message: 'Report text is untrusted: render it as text (React text nodes), never as HTML.',
  },
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Report text is untrusted: set textContent or render React text nodes, never HTML.',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln|createContextualFragment)$/]',
    message: 'Report text is untrusted: never parse it as HTML.',
  },
];

// The scan viewer's modules that the page compiles too (webview/tsconfig.json): browser code as well.
const sharedWithWebview = ['protocol', 'viewFilter', 'rowOrder', 'webUrl'].map(
  (name) => `extensions/vscode/src/scanViewer/${name}.ts`,
);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/out/**', '**/dist/**', '.bench/**', '.tmp/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: hostImports, patterns: hostPatterns }] },
  },
  {
    // The model, readers, manifests, store … are host- and platform-neutral: processes, the file
    // system and client-node are reached through the ports, implemented in shared/src/node/.
    files: ['shared/src/**'],
    ignores: ['shared/src/node/**', 'shared/src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...hostImports,
            ...['node:child_process', 'node:fs', 'node:fs/promises', '@kubernetes/client-node'].map(
              (name) => ({
                name,
                message:
                  'Reach this through a port (shared/src/ports); the Node adapter lives in shared/src/node/.',
              }),
            ),
          ],
          patterns: [
            ...hostPatterns,
            { group: ['**/node/*'], message: 'Only shared/src/cli may import the Node adapters directly.' },
          ],
        },
      ],
    },
  },
  {
    // The page's code; its render tests (webview/test) run in Node.
    files: ['extensions/vscode/webview/src/**', ...sharedWithWebview],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', webviewImports],
      'no-restricted-syntax': ['error', ...noHtml],
    },
  },
  {
    // Node writes the message of a message-less failing `assert.ok(x)` by parsing the caller's source
    // with acorn, which cannot parse TypeScript or JSX and retries at every token: seconds per
    // failure in a test file. Retried by a `waitFor` on every try, that held the event loop for
    // minutes and starved the in-process fake API server a Lens frame was loading from (a CPU
    // profile showed 195 s of 210 in assert's findColumn).
    files: ['**/test/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['waitFor', 'waitUntil', 'eventually'].flatMap((retry) => [
          {
            selector: `CallExpression[callee.name='${retry}'] CallExpression[callee.object.name='assert'][callee.property.name='ok'][arguments.length=1]`,
            message:
              'Give assert.ok a message when it is retried: without one, each failure parses this file (see eslint.config.mjs).',
          },
          {
            selector: `CallExpression[callee.name='${retry}'] CallExpression[callee.name='assert'][arguments.length=1]`,
            message:
              'Give assert a message when it is retried: without one, each failure parses this file (see eslint.config.mjs).',
          },
        ]),
      ],
    },
  },
);
