import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** PEM material for the server: a CA the kubeconfig trusts, and a serving certificate it signed. */
export interface TlsMaterial {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

async function rsaKeys(): Promise<{ publicKey: string; privateKey: string }> {
  // Node's native keygen takes milliseconds; forge's pure-JS RSA keygen takes seconds.
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

function serialNumber(): string {
  // Positive (high bit clear) and non-zero: Go's x509 rejects negative serials.
  return '01' + randomBytes(15).toString('hex');
}

function validity(cert: forge.pki.Certificate): void {
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 60 * 60 * 1000);
}

async function createTls(): Promise<TlsMaterial> {
  const [caKeys, serverKeys] = await Promise.all([rsaKeys(), rsaKeys()]);
  const caPrivate = forge.pki.privateKeyFromPem(caKeys.privateKey);

  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicKey);
  ca.serialNumber = serialNumber();
  validity(ca);
  const caName = [{ name: 'commonName', value: 'fake-kube-apiserver-ca' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caPrivate, forge.md.sha256.create());

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicKey);
  cert.serialNumber = serialNumber();
  validity(cert);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      // Clients check SANs only (Go ignores the CN), so both names the kubeconfig may use are here.
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caPrivate, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: serverKeys.privateKey,
  };
}

let shared: Promise<TlsMaterial> | undefined;

/**
 * The TLS material, made once per process and kept in memory only: each server in a test run
 * reuses it, which keeps start-up fast; nothing is written to disk.
 */
export function tlsMaterial(): Promise<TlsMaterial> {
  shared ??= createTls();
  return shared;
}
