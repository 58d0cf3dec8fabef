import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { shownCvssScore } from '../src/model/cvssScore.js';
import { imageName } from '../src/model/imageName.js';
import { readSourceText } from '../src/readers/readSource.js';

const fixture = (name: string) =>
  readSourceText(readFileSync(new URL(`../../test/fixtures/reports/${name}`, import.meta.url), 'utf8'), name)
    .findings;

describe('the score shown for a vulnerability', () => {
  it('is NVD’s v3 score when NVD scored it, whatever the order of the vendors', () => {
    assert.deepEqual(
      shownCvssScore([
        { source: 'redhat', v3Score: 5.3 },
        { source: 'nvd', v2Score: 5, v3Score: 7.5 },
      ]),
      { score: 7.5, source: 'nvd', version: '3' },
    );
  });

  it('falls back to the next vendor, then to v4.0 and v2 scores', () => {
    assert.deepEqual(shownCvssScore([{ source: 'ghsa', v40Score: 8.7 }]), {
      score: 8.7,
      source: 'ghsa',
      version: '4.0',
    });
    assert.deepEqual(shownCvssScore([{ source: 'nvd', v2Score: 4.3 }]), {
      score: 4.3,
      source: 'nvd',
      version: '2',
    });
    assert.equal(shownCvssScore([]), undefined);
    assert.equal(shownCvssScore([{ source: 'nvd', v3Score: Number.NaN }]), undefined);
  });

  it('is the score Trivy Operator reported (its `score` field)', () => {
    const [first] = fixture('vulnerabilityreport_replicaset-nginx_docs.yaml');
    assert.equal(shownCvssScore(first!.cvss)?.score, 9.1);
  });
});

describe('the name an image is shown by', () => {
  it('leaves Docker Hub out, as docker and Trivy do', () => {
    const [first] = fixture('vulnerabilityreport_replicaset-nginx_docs.yaml');
    assert.equal(first!.artifact?.registry, 'index.docker.io');
    assert.equal(imageName(first!.artifact), `library/nginx:${first!.artifact!.tag}`);
  });

  it('names other registries, and the digest of an untagged image', () => {
    assert.equal(imageName({ registry: 'ghcr.io', repository: 'org/app', tag: 'v2' }), 'ghcr.io/org/app:v2');
    assert.equal(
      imageName({ registry: 'quay.io', repository: 'x/y', digest: 'sha256:abc' }),
      'quay.io/x/y@sha256:abc',
    );
    assert.equal(imageName({ digest: 'sha256:abc' }), undefined);
    assert.equal(imageName(undefined), undefined);
  });
});
