import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from '../src/ignore/glob.js';
import { parsePurl, purlMatches } from '../src/ignore/purl.js';

// Globs as github.com/bmatcuk/doublestar/v4 `Match` treats them, which is what Trivy uses for
// `.trivyignore.yaml` paths (pkg/result/ignore.go matchPath).
describe('ignore path globs', () => {
  const cases: [pattern: string, path: string, matches: boolean][] = [
    ['**/*-lock.json', 'package-lock.json', true],
    ['**/*-lock.json', 'web/app/yarn-lock.json', true],
    ['templates/*.yaml', 'templates/deployment.yaml', true],
    ['templates/*.yaml', 'templates/sub/deployment.yaml', false],
    ['vendor/**', 'vendor/github.com/x/y.go', true],
    ['vendor/**', 'vendor', true],
    ['vendor/**', 'vendored/x', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a**b', 'axyb', true],
    ['a**b', 'ax/yb', false],
    ['{app,docs}/Dockerfile', 'docs/Dockerfile', true],
    ['{app,docs}/Dockerfile', 'src/Dockerfile', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file/.txt', false],
    ['[!a]x', 'bx', true],
    ['[!a]x', 'ax', false],
    ['v[0-9].yaml', 'v7.yaml', true],
    ['deploy\\*.sh', 'deploy*.sh', true],
    ['deploy\\*.sh', 'deployx.sh', false],
    ['*.sh', 'deploy.sh', true],
  ];
  for (const [pattern, path, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compileGlob(pattern)?.test(path), matches);
    });
  }

  it('rejects malformed patterns, as doublestar.ValidatePattern does', () => {
    for (const bad of ['[unclosed', '{a,b', 'trailing\\', '[]'])
      assert.equal(compileGlob(bad), undefined, bad);
  });
});

describe('package URLs', () => {
  it('parses the parts of a purl from a Trivy report', () => {
    // image_alpine-3.10_trivy-json.json, PkgIdentifier.PURL of libssl1.1.
    assert.deepEqual(parsePurl('pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2'), {
      type: 'apk',
      namespace: 'alpine',
      name: 'libssl1.1',
      version: '1.1.1c-r0',
      qualifiers: { arch: 'x86_64', distro: '3.10.2' },
      subpath: '',
    });
    assert.deepEqual(parsePurl('pkg:npm/%40babel/core@7.0.0#lib/index.js'), {
      type: 'npm',
      namespace: '@babel',
      name: 'core',
      version: '7.0.0',
      qualifiers: {},
      subpath: 'lib/index.js',
    });
    assert.equal(parsePurl('npm/jquery@3.3.9'), undefined);
    assert.equal(parsePurl('pkg:npm'), undefined);
  });

  it('matches the way Trivy does: version, subpath and qualifiers only when the pattern has them', () => {
    const target = parsePurl('pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2')!;
    const yes = [
      'pkg:apk/alpine/libssl1.1',
      'pkg:apk/alpine/libssl1.1@1.1.1c-r0',
      'pkg:apk/alpine/libssl1.1?arch=x86_64',
    ];
    const no = [
      'pkg:apk/alpine/libcrypto1.1',
      'pkg:apk/alpine/libssl1.1@1.1.1d-r0',
      'pkg:apk/alpine/libssl1.1?arch=aarch64',
      'pkg:deb/alpine/libssl1.1',
    ];
    for (const p of yes) assert.equal(purlMatches(parsePurl(p)!, target), true, p);
    for (const p of no) assert.equal(purlMatches(parsePurl(p)!, target), false, p);
  });

  it('compares the spellings the spec declares equal', () => {
    assert.equal(
      purlMatches(parsePurl('pkg:pypi/Django_Rest')!, parsePurl('pkg:pypi/django-rest@3.0')!),
      true,
    );
    assert.equal(
      purlMatches(
        parsePurl('pkg:github/Aquasecurity/Trivy')!,
        parsePurl('pkg:github/aquasecurity/trivy@v0.50.0')!,
      ),
      true,
    );
  });
});
