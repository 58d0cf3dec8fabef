/**
 * What OpenLens 6.5 and Freelens 1.x put on `global` for extensions, per process, and the module
 * each global stands for. The bundle takes these modules from the host instead of bundling its
 * own copies (one React, one MobX, the host's extension API), and the tests that load the bundle
 * set the same globals by hand. Freelens adds `ReactJsxRuntime`; OpenLens has none, which is why
 * the sources compile with the classic JSX transform.
 */
export const HOST_GLOBALS = {
  main: {
    '@k8slens/extensions': 'LensExtensions',
    mobx: 'Mobx',
  },
  renderer: {
    '@k8slens/extensions': 'LensExtensions',
    react: 'React',
    'react-dom': 'ReactDOM',
    mobx: 'Mobx',
    'mobx-react': 'MobxReact',
  },
} as const satisfies Record<'main' | 'renderer', Record<string, string>>;
