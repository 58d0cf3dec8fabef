import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import React from 'react';
import ReactDOM from 'react-dom';
import { renderToStaticMarkup } from 'react-dom/server';
import * as Mobx from 'mobx';
import * as MobxReact from 'mobx-react';
import semver from 'semver';
import type { Main, Renderer } from '@k8slens/extensions';
import type { HOST_GLOBALS } from '../build/hostGlobals.js';
import * as LensExtensionsDouble from './lensExtensionsDouble.js';
import { installedExtension } from './installedExtension.js';

// `npm run package:lens` end to end: the tarball is made by the real command, unpacked as a host
// unpacks it, and its bundle is loaded in plain Node the way a host loads it: `require()`d, with
// the host's libraries on `global` (hand-made here: real React 17 and MobX, the API's test double).

const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lens-package-test-'));
let pkg = '';

before(() => {
  const packed = spawnSync('npm', ['run', '--silent', 'package:lens', '--', '--out', work], {
    cwd: repoDir,
    encoding: 'utf8',
  });
  assert.equal(packed.status, 0, `npm run package:lens failed:\n${packed.stdout}\n${packed.stderr}`);
  const tarball = packed.stdout.trim().split('\n').at(-1)!;
  assert.match(tarball, /trivy-findings-lens-\d+\.\d+\.\d+\.tgz$/);
  const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', work], { encoding: 'utf8' });
  assert.equal(unpacked.status, 0, unpacked.stderr);
  pkg = join(work, 'package');
});

after(() => rmSync(work, { recursive: true, force: true }));

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(pkg, join(entry.parentPath, entry.name)))
    .sort();
}

interface Manifest {
  main?: string;
  renderer?: string;
  engines: { lens?: string; freelens?: string };
  dependencies?: unknown;
  type?: unknown;
}

const manifest = () => JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Manifest;

/**
 * Both hosts' check of `engines` (OpenLens 6.5 and Freelens 1.x `is-compatible-extension.ts`, the
 * same code on a different field): `^MAJOR.MINOR` or `MAJOR.MINOR` only, else the install fails.
 */
function hostAccepts(range: string | undefined, hostVersion: string): boolean {
  if (!range?.match(/^[\^0-9]\d*\.\d+\b/)) return false;
  const { major, minor } = semver.coerce(range, { loose: true })!;
  return semver.satisfies(hostVersion, `^${major}.${minor}`, { loose: true, includePrerelease: false });
}

/** `require()`s a bundle with the host's globals set, as Lens's extension loader does. */
function loadWithHostGlobals(file: string, globals: Record<string, unknown>): unknown {
  const names = Object.keys(globals);
  const target = globalThis as Record<string, unknown>;
  Object.assign(target, globals);
  try {
    return createRequire(import.meta.url)(join(pkg, file)).default;
  } finally {
    for (const name of names) delete target[name];
  }
}

describe('the extension package (npm run package:lens)', () => {
  it('holds what a host needs and nothing else', () => {
    assert.deepEqual(filesIn(pkg), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/main.js',
      'dist/renderer.js',
      // js-yaml's notice: the renderer's core bundles it.
      'dist/renderer.js.LICENSE.txt',
      'media/trivy-findings.svg',
      'package.json',
    ]);
    assert.equal(
      readFileSync(join(pkg, 'media/trivy-findings.svg'), 'utf8'),
      readFileSync(join(repoDir, 'media/trivy-findings.svg'), 'utf8'),
    );
  });

  it('declares both halves, and engines that OpenLens 6.5 and Freelens 1.x accept', () => {
    const { main, renderer, engines, dependencies, type } = manifest();
    assert.equal(main, 'dist/main.js');
    assert.equal(renderer, 'dist/renderer.js');
    assert.ok(hostAccepts(engines.lens, '6.5.2'), `engines.lens ${engines.lens}`);
    assert.ok(!hostAccepts(engines.lens, '7.0.0'));
    for (const freelens of ['1.0.0', '1.9.0']) assert.ok(hostAccepts(engines.freelens, freelens), freelens);
    assert.ok(!hostAccepts(engines.freelens, '2.0.0'));
    // Freelens installs `dependencies` with pnpm: everything is bundled instead.
    assert.equal(dependencies, undefined);
    // The hosts require() dist/*.js: an ES module package would make them unloadable.
    assert.equal(type, undefined);
  });

  it('loads in the main process with only what that process offers', () => {
    const Extension = loadWithHostGlobals('dist/main.js', {
      LensExtensions: { Main: LensExtensionsDouble.Main, Common: LensExtensionsDouble.Common },
      Mobx,
    }) as typeof Main.LensExtension;
    const extension = new Extension(installedExtension(join(pkg, 'package.json')));
    assert.equal(extension.name, 'trivy-findings-lens');
  });

  describe('in the renderer', () => {
    let createElementCalls = 0;
    // The host's React, counting: the bundle must render through it, not a copy of its own.
    const hostReact = {
      ...React,
      createElement: (...args: Parameters<typeof React.createElement>) => {
        createElementCalls++;
        return React.createElement(...args);
      },
    };
    const rendererGlobals: Record<
      (typeof HOST_GLOBALS.renderer)[keyof typeof HOST_GLOBALS.renderer],
      unknown
    > = {
      LensExtensions: { Renderer: LensExtensionsDouble.Renderer, Common: LensExtensionsDouble.Common },
      React: hostReact,
      ReactDOM,
      Mobx,
      MobxReact,
    };
    let extension: InstanceType<typeof Renderer.LensExtension>;

    before(() => {
      const Extension = loadWithHostGlobals(
        'dist/renderer.js',
        rendererGlobals,
      ) as typeof Renderer.LensExtension;
      extension = new Extension(installedExtension(join(pkg, 'package.json')));
    });

    it('registers a findings section on workload, node, namespace and role pages at their apiVersions', () => {
      const registered = new Map(
        extension.kubeObjectDetailItems.map((item) => [item.kind, item.apiVersions]),
      );
      assert.equal(registered.size, extension.kubeObjectDetailItems.length, 'each kind once');
      const expected: Record<string, string[]> = {
        Pod: ['v1'],
        Deployment: ['apps/v1'],
        ReplicaSet: ['apps/v1'],
        StatefulSet: ['apps/v1'],
        DaemonSet: ['apps/v1'],
        Job: ['batch/v1'],
        CronJob: ['batch/v1'],
        Node: ['v1'],
        Namespace: ['v1'],
        Role: ['rbac.authorization.k8s.io/v1'],
        ClusterRole: ['rbac.authorization.k8s.io/v1'],
      };
      for (const [kind, apiVersions] of Object.entries(expected))
        assert.deepEqual(registered.get(kind), apiVersions, kind);
    });

    it('renders a Deployment’s section with the host’s React and components', () => {
      const item = extension.kubeObjectDetailItems.find((i) => i.kind === 'Deployment')!;
      const object = new LensExtensionsDouble.Renderer.K8sApi.KubeObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '1', selfLink: '' },
      }) as unknown as Renderer.K8sApi.KubeObject;
      createElementCalls = 0;
      const html = renderToStaticMarkup(React.createElement(item.components.Details, { object }));
      assert.match(html, /<div class="DrawerTitle">Security findings<\/div>/);
      assert.match(
        html,
        /Deployment default\/web: findings appear here once the cluster store is connected\./,
      );
      assert.ok(createElementCalls > 0, 'rendered through global.React');
    });

    it('adds its pages under one sidebar group, ids unique and targets existing', () => {
      const pageIds = extension.clusterPages.map((page) => page.id);
      const menus = extension.clusterPageMenus;
      const menuIds = menus.map((menu) => menu.id);
      assert.equal(new Set(pageIds).size, pageIds.length);
      assert.equal(new Set(menuIds).size, menuIds.length);
      assert.ok(
        menuIds.every((id) => typeof id === 'string' && id !== ''),
        'every menu has an id (Lens 6.5)',
      );
      assert.equal(menus.filter((m) => !m.parentId).length, 1, 'one entry in the sidebar');
      for (const menu of menus)
        if (menu.target) assert.ok(pageIds.includes(menu.target.pageId), menu.id);
        else
          assert.ok(
            menus.some((m) => m.parentId === menu.id),
            `${menu.id} opens onto its children`,
          );
      for (const menu of menus) if (menu.parentId) assert.ok(menuIds.includes(menu.parentId), menu.id);
    });

    it('adds Rescan to the menus of workloads', () => {
      assert.deepEqual(
        extension.kubeObjectMenuItems.map((i) => i.kind),
        [
          'Deployment',
          'Pod',
          'ReplicaSet',
          'ReplicationController',
          'StatefulSet',
          'DaemonSet',
          'CronJob',
          'Job',
        ],
      );
    });
  });
});
