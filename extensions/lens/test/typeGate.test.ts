import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The extension's type gate is `tsc` with tsconfig.json (OpenLens 6.5) and tsconfig.freelens.json
// (Freelens 1.x); webpack only transpiles. The gate is worth something only if the hosts' types are
// real: with the wrong module resolution they silently become `any` and every error below would
// pass. So a probe with one deliberate error per line marked `error TSnnnn` is checked under each
// config, and exactly those errors must be reported, no more (the probe's correct lines compile)
// and no fewer (the types are real).
const lensDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = join(lensDir, '../..');
// A file that is never written: the compiler host below serves it, from beside the real sources.
const probePath = join(lensDir, 'src', 'typeGateProbe.tsx');

const probe = `
import React from 'react';
import { Renderer } from '@k8slens/extensions';

type KubeObject = Renderer.K8sApi.KubeObject;
type DetailItem = Renderer.LensExtension['kubeObjectDetailItems'][number];

const Details = ({ object }: Renderer.Component.KubeObjectDetailsProps<KubeObject>) => (
  <Renderer.Component.DrawerTitle>{object.getName()}</Renderer.Component.DrawerTitle>
);

export class Probe extends Renderer.LensExtension {
  override kubeObjectDetailItems = [{ kind: 'Deployment', apiVersions: ['apps/v1'], components: { Details } }];
  override clusterPageMenus = [{ id: 'p', title: 'P', target: { pageId: 'p' }, components: { Icon: Renderer.Component.Icon } }];
}

export const wrongApiVersions: DetailItem = { kind: 'Pod', apiVersions: 'v1', components: { Details } }; // error TS2322
export const unknownProp = <Renderer.Component.DrawerTitle colour="red">x</Renderer.Component.DrawerTitle>; // error TS2322
export const notANumber: number = Renderer.Component.DrawerTitle; // error TS2322
export const noSuchComponent = Renderer.Component.NoSuchThing; // error TS2339
export const missingName = (o: KubeObject): number => o.getName(); // error TS2322
export { React };
`;

function expectedErrors(): string[] {
  return probe
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(/error (TS\d+)/g)].map((m) => `${i + 1}: ${m[1]}`));
}

function probeErrors(configFile: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(lensDir, configFile),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) =>
        assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  );
  assert.ok(config, configFile);
  const options = { ...config.options, noEmit: true, composite: false, incremental: false };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === probePath || fileExists.call(host, file);
  host.readFile = (file) => (file === probePath ? probe : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === probePath
      ? ts.createSourceFile(file, probe, language, true, ts.ScriptKind.TSX)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram({ rootNames: [probePath], options, host });
  const source = program.getSourceFile(probePath)!;
  return [...program.getOptionsDiagnostics(), ...ts.getPreEmitDiagnostics(program, source)].map((d) =>
    d.file === source
      ? `${source.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code}`
      : `${d.file ? d.file.fileName : configFile}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

describe('the type gate', () => {
  for (const configFile of ['tsconfig.json', 'tsconfig.freelens.json'])
    it(`reports exactly the deliberate errors against the real host types (${configFile})`, () => {
      assert.deepEqual(probeErrors(configFile).sort(), expectedErrors().sort());
    });

  it('is part of `npm run typecheck` for both hosts', () => {
    const { config } = ts.readConfigFile(join(repoDir, 'tsconfig.json'), ts.sys.readFile);
    const references = (config.references as { path: string }[]).map((r) => join(repoDir, r.path));
    assert.ok(references.includes(join(repoDir, 'extensions/lens')), 'extensions/lens/tsconfig.json');
    assert.ok(references.includes(join(repoDir, 'extensions/lens/tsconfig.freelens.json')));
  });
});
