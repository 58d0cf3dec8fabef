// The extension's package.json against the code: every command and restricted setting the code
// knows is declared, nothing is activated eagerly, and everything ships bundled.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, RestrictedSettings, Settings } from '../src/commands.js';

const extensionDir = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as {
  main: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    viewsContainers: { activitybar: { id: string; icon: string }[] };
  };
};

test('package.json declares exactly the commands of commands.ts', () => {
  assert.deepEqual(
    manifest.contributes.commands.map((c) => c.command).sort(),
    Object.values(Commands).sort(),
  );
});

test('the trivy path and arguments are restricted in untrusted workspaces, and declared', () => {
  const { supported, restrictedConfigurations } = manifest.capabilities.untrustedWorkspaces;
  assert.equal(supported, 'limited');
  assert.deepEqual([...restrictedConfigurations].sort(), [...RestrictedSettings].sort());
  assert.deepEqual(
    [...RestrictedSettings].sort(),
    [Settings.cacheDir, Settings.trivyExtraArgs, Settings.trivyPath].sort(),
  );
});

test('package.json declares exactly the settings of commands.ts', () => {
  assert.deepEqual(
    Object.keys(manifest.contributes.configuration.properties).sort(),
    Object.values(Settings).sort(),
  );
});

test('activation is lazy: no "*" and no onStartupFinished', () => {
  for (const event of manifest.activationEvents) assert.doesNotMatch(event, /^(\*|onStartupFinished)$/);
  assert.ok(manifest.activationEvents.some((e) => e.startsWith('workspaceContains:')));
});

test('everything is bundled: no runtime dependencies, main is the webpack bundle', () => {
  assert.deepEqual(manifest.dependencies ?? {}, {});
  assert.equal(manifest.main, './dist/extension.js');
});

test('@types/vscode matches the oldest VS Code of engines.vscode', () => {
  const engine = /^\^(\d+\.\d+)\./.exec(manifest.engines.vscode)?.[1];
  const types = /^~?(\d+\.\d+)\./.exec(manifest.devDependencies['@types/vscode'] ?? '')?.[1];
  assert.ok(engine);
  assert.equal(types, engine);
});

test("the icons the manifest names are in the repository's media/ (copied in at build time)", () => {
  const repoMedia = join(extensionDir, '..', '..', 'media');
  const icons = [manifest.icon, ...manifest.contributes.viewsContainers.activitybar.map((c) => c.icon)];
  for (const icon of icons) {
    assert.match(icon, /^media\//);
    assert.ok(existsSync(join(repoMedia, icon.slice('media/'.length))), icon);
  }
  assert.match(manifest.icon, /\.png$/, 'the marketplace takes no SVG icon');
});
