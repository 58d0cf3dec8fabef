import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, versionSchemeOf, type VersionScheme } from '../src/versions/versionSchemes.js';

/** Every pair of `list` compares as its positions do: the list is strictly ascending in `scheme`. */
function ascending(scheme: VersionScheme, list: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const want = Math.sign(i - j);
      assert.equal(compareVersions(scheme, list[i]!, list[j]!), want, `${list[i]} vs ${list[j]} (${scheme})`);
    }
  }
}

function equal(scheme: VersionScheme, a: string, b: string): void {
  assert.equal(compareVersions(scheme, a, b), 0, `${a} = ${b} (${scheme})`);
  assert.equal(compareVersions(scheme, b, a), 0, `${b} = ${a} (${scheme})`);
}

function invalid(scheme: VersionScheme, ...texts: string[]): void {
  for (const t of texts)
    assert.equal(compareVersions(scheme, t, '1'), undefined, `${JSON.stringify(t)} (${scheme})`);
}

describe('version orders', () => {
  it('dpkg: epochs, tildes before the end, letters before other characters, revisions last', () => {
    // deb-version(5): "~~" < "~~a" < "~" < "" < "a"; '+' sorts after letters, '.' after '+'.
    ascending('dpkg', [
      '1.0~~',
      '1.0~~a',
      '1.0~',
      '1.0',
      '1.0a',
      '1.0+',
      '1.0.1',
      '1.1',
      '1.10',
      '9.9',
      '1:0.1',
    ]);
    // Versions of the real 2022 cluster report (Debian 10 nginx image): security updates are `+deb10uN`.
    ascending('dpkg', ['1.1.1d-0+deb10u7', '1.1.1n-0+deb10u2', '1.1.1n-0+deb10u3']);
    ascending('dpkg', ['1.0.6-9.2~deb10u1', '1.0.6-9.2~deb10u2', '1.0.6-9.2']);
    ascending('dpkg', ['2:6.1.2+dfsg-4', '2:6.1.2+dfsg-4+deb10u1']);
    ascending('dpkg', ['5.0-6ubuntu1.1', '5.0-6ubuntu1.2', '5.0-6ubuntu1.10']);
    ascending('dpkg', ['1.2.12', '1:1.2.11.dfsg-2ubuntu1.2']);
    equal('dpkg', '1.0', '0:1.0');
    equal('dpkg', '1.0', '1.0-0');
    equal('dpkg', '1.001', '1.1');
    ascending('dpkg', ['1.20210101', '1.20210102', '1.123456789012345678901234567890']);
    invalid('dpkg', '', 'a1.0', '1.0-', 'x:1.0', '1.0 beta', '1.0/2', ':1.0');
  });

  it('rpm: alphanumeric runs, digits beat letters, tilde before and caret after', () => {
    // Cases of rpm's own test suite (tests/rpmvercmp.at).
    ascending('rpm', ['1.0', '1.0a', '1.0aa', '1.0.1', '2.0']);
    ascending('rpm', ['5.5p1', '5.5p2', '5.5p10']);
    ascending('rpm', ['xyz10', 'xyz10.1']);
    ascending('rpm', ['xyz.4', '8']);
    ascending('rpm', ['6.0', '6.0.rc1']);
    ascending('rpm', ['1.0~rc1~git123', '1.0~rc1', '1.0~rc2', '1.0', '1.0^', '1.0^git1', '1.0.1']);
    ascending('rpm', ['1.0^git1~pre', '1.0^git1', '1.01']);
    equal('rpm', '2.0', '2_0');
    equal('rpm', '1.0', '1.00');
    equal('rpm', '0:1.0-1', '1.0-1');
    ascending('rpm', ['1.0-1.el7', '1.0-2.el7', '1.1-1.el7', '1:0.9-1.el7']);
    ascending('rpm', ['1.1.1k-4.el8', '1.1.1k-5.el8_5', '1.1.1k-6.el8_5']);
    invalid('rpm', '', '...', 'x:1.0');
  });

  it('apk: dotted numbers, one letter, pre- and post-release suffixes, the -r revision', () => {
    // apk-tools version.c: _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p.
    ascending('apk', [
      '1.1_alpha',
      '1.1_beta',
      '1.1_pre',
      '1.1_rc',
      '1.1',
      '1.1-r0',
      '1.1-r1',
      '1.1_cvs',
      '1.1_svn',
      '1.1_git',
      '1.1_hg',
      '1.1_p1',
      '1.1_p2',
      '1.1a',
      '1.1b',
      '1.1.1',
      '1.2',
    ]);
    // Lines of apk-tools' test/version.data (as knqyf263/go-apk-version keeps it).
    ascending('apk', ['0.1.0_alpha_pre2', '0.1.0_alpha']);
    ascending('apk', ['0.10.0', '0.10.0-r1', '0.10.1_rc1']);
    ascending('apk', ['2.9.11_pre20051101', '2.9.11_pre20051101-r3', '2.9.11_pre20061021-r1']);
    ascending('apk', ['10.0.0_b2-r0', '10.0.0_b3-r0']);
    // apk's quirk, kept: after a zero component a suffix reads as one more (empty) number, so
    // `1.0_alpha` sorts after `1.0` (apk-tools and go-apk-version agree).
    ascending('apk', ['1.0', '1.0_alpha']);
    // Leading zeros after a dot compare as a fraction.
    ascending('apk', ['1.001', '1.01', '1.02', '1.1', '1.10']);
    // Versions of Trivy's alpine-3.10 fixture.
    ascending('apk', ['1.1.1c-r0', '1.1.1d-r0', '1.1.1d-r2']);
    ascending('apk', ['1.1.22-r2', '1.1.22-r3', '1.1.24-r0']);
    invalid('apk', '', '1.0_foo', '1.0-x1', '1.0-r1.2', '1.0A', '1.0 2');
  });

  it('semver: numbers padded with zeros, pre-releases before the release, build metadata ignored', () => {
    // The precedence example of semver.org §11, then longer and shorter numbers.
    ascending('semver', [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1',
      '2',
    ]);
    equal('semver', 'v1.2.3', '1.2.3');
    equal('semver', '=1.2.3', '1.2.3');
    equal('semver', '1.2', '1.2.0');
    equal('semver', '1.2.3+build.5', '1.2.3');
    ascending('semver', ['0.0.0-20210101000000-abcdef123456', '0.0.1']);
    ascending('semver', ['4.0.0', '4.0.0.1', '4.0.1']);
    ascending('semver', ['1.0rc1', '1.0']);
    invalid('semver', '', 'abc', '1..2', '1.0.0.', '1.0.0-al..pha', '1.0+');
  });

  it('PEP 440: dev, pre, final, local and post releases in that order, spellings normalised', () => {
    // The ordering example of PEP 440 ("Summary of permitted suffixes and relative ordering").
    ascending('pep440', [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.1.dev1',
    ]);
    equal('pep440', '1.0', '1.0.0');
    equal('pep440', '1.0RC1', '1.0rc1');
    equal('pep440', '1.0c1', '1.0rc1');
    equal('pep440', '1.0alpha1', '1.0a1');
    equal('pep440', '1.0-1', '1.0.post1');
    equal('pep440', 'v1.0', '1.0');
    ascending('pep440', ['2.0', '1!1.0']);
    ascending('pep440', ['2.25.1', '2.31.0', '10.0']);
    invalid('pep440', '', 'abc', '1.0+', '1..0', '1.0.x');
  });

  it('Maven: qualifiers in their order, unknown ones after, numbers above lists above qualifiers', () => {
    // maven-artifact's TestComparableVersion: VERSIONS_QUALIFIER and VERSIONS_NUMBER, ascending.
    ascending('maven', [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
    // (`2-1` before `2.0.a`, as go-mvn-version's copy of the list has it: MNG-6420.)
    ascending('maven', [
      '2.0',
      '2-1',
      '2.0.a',
      '2.0.2',
      '2.0.123',
      '2.1.0',
      '2.1-a',
      '2.1b',
      '2.1-c',
      '2.1-1',
      '2.1.0.1',
      '2.2',
      '2.123',
      '11.a2',
      '11.a11',
      '11.b2',
      '11.b11',
      '11.m2',
      '11.m11',
      '11',
      '11.a',
      '11b',
      '11c',
      '11m',
    ]);
    for (const [a, b] of [
      ['1', '1.0.0'],
      ['1-ga', '1'],
      ['1-final', '1'],
      ['1.0.0.RELEASE', '1'],
      ['1-cr1', '1-rc1'],
      ['1a1', '1-alpha-1'],
      ['1..1', '1.0.1'],
      ['1-1.0', '1-1'],
      ['1.2.3-a1b1-m1', '1.2.3-alpha-1-beta-1-milestone-1'],
    ] as const)
      equal('maven', a, b);
    ascending('maven', ['1.0', '1.a']);
    ascending('maven', ['1.foo', '1-foo', '1-1', '1-1.foo', '1-1-foo', '1.1']);
    // Real log4j fixes: 2.15.0 < 2.16.0 < 2.17.1, and 2.3.2 / 2.12.4 on the old branches.
    ascending('maven', ['2.3.2', '2.12.4', '2.15.0', '2.16.0', '2.17.1']);
    invalid('maven', '', '   ');
  });

  it('RubyGems: words are pre-releases, before the numbers they precede', () => {
    ascending('rubygems', [
      '1.0.a.2',
      '1.0.b1',
      '1.0',
      '1.0.1',
      '1.2.3-1',
      '1.2.3',
      '1.8.2',
      '1.8.10',
      '1.10.0',
    ]);
    equal('rubygems', '1.0', '1');
    equal('rubygems', '1.0.0', '1');
    equal('rubygems', '1.2.3-1', '1.2.3.pre.1');
    invalid('rubygems', 'junk', '1..2', '1.0\n2.0');
  });
});

describe('versionSchemeOf', () => {
  it('reads the PURL type first, then Trivy’s package type', () => {
    assert.equal(versionSchemeOf({ purl: 'pkg:deb/debian/openssl@1.1.1n-0+deb10u3?arch=amd64' }), 'dpkg');
    assert.equal(versionSchemeOf({ purl: 'pkg:rpm/amazon/openssl@1.0.2k' }), 'rpm');
    assert.equal(versionSchemeOf({ purl: 'pkg:apk/alpine/musl@1.1.22-r3', type: 'debian' }), 'apk');
    assert.equal(versionSchemeOf({ purl: 'pkg:pypi/requests@2.25.1' }), 'pep440');
    assert.equal(versionSchemeOf({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }), 'maven');
    assert.equal(versionSchemeOf({ purl: 'pkg:golang/golang.org/x/net@v0.1.0' }), 'semver');
    assert.equal(versionSchemeOf({ purl: 'pkg:generic/thing@1.0', type: 'jar' }), 'maven');
    assert.equal(versionSchemeOf({ type: 'alpine' }), 'apk');
    assert.equal(versionSchemeOf({ type: 'ubuntu' }), 'dpkg');
    assert.equal(versionSchemeOf({ type: 'redhat' }), 'rpm');
    assert.equal(versionSchemeOf({ type: 'pipenv' }), 'pep440');
    assert.equal(versionSchemeOf({ type: 'bundler' }), 'rubygems');
    assert.equal(versionSchemeOf({ type: 'gobinary' }), 'semver');
    assert.equal(versionSchemeOf({ type: 'something-else' }), undefined);
    assert.equal(versionSchemeOf({}), undefined);
  });
});
