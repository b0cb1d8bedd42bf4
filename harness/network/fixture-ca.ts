import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
// Node 20's crypto verifies X.509 certificates but cannot make them. node-forge (BSD-3-Clause,
// no dependencies) builds and signs them; @peculiar/x509 would need a global Reflect polyfill in
// the harness process. Keys come from node:crypto (native, off the event loop), so forge only
// assembles and signs.
import forge from 'node-forge';

const generateRsaKeyPair = promisify(generateKeyPair);

/** A certificate and its private key, PEM-encoded. */
export interface IssuedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

const CERTIFICATE_LIFETIME_DAYS = 30;
/** Backdated, so a container whose clock is a little behind the harness's still accepts it. */
const BACKDATE_MS = 60 * 60 * 1000;

/**
 * The harness's certificate authority for the internet fixture: tasks trust it in addition to
 * their own trust store, so the fixture can answer as the real host (jsonplaceholder…) over TLS
 * with verification on; and it issues each task the client certificate the task's fixture
 * listener demands.
 *
 * It lives in memory for one harness process (see harnessCa()): its key signs what every task
 * trusts, so it is never written to disk, dies with the harness, and needs no renewal or clean-up;
 * containers get the CA certificate through their environment, Docker ones too.
 */
export class FixtureCa {
  private constructor(
    readonly certificatePem: string,
    private readonly certificate: forge.pki.Certificate,
    private readonly privateKey: forge.pki.rsa.PrivateKey,
  ) {}

  static async create(): Promise<FixtureCa> {
    const { privateKeyPem, publicKeyPem } = await newKeyPair();
    const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
    const subject = [
      { name: 'commonName', value: `aws-basics-dojo harness CA (pid ${process.pid})` },
      { name: 'organizationName', value: 'aws-basics-dojo' },
    ];
    const certificate = newCertificate(publicKeyPem, subject, subject);
    certificate.setExtensions([
      { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
      { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    certificate.sign(privateKey, forge.md.sha256.create());
    return new FixtureCa(forge.pki.certificateToPem(certificate), certificate, privateKey);
  }

  /** A TLS server certificate for these host names (subjectAltName DNS entries). */
  async issueServerCertificate(hostNames: readonly string[]): Promise<IssuedCertificate> {
    if (hostNames.length === 0) throw new Error('A server certificate needs at least one host name; none was given.');
    return this.issue(hostNames[0], { serverAuth: true }, [
      { name: 'subjectAltName', altNames: hostNames.map((value) => ({ type: 2 /* dNSName */, value })) },
    ]);
  }

  /** A TLS client certificate whose subject CN is the task id: the task's fixture listener accepts only it. */
  async issueClientCertificate(taskId: string): Promise<IssuedCertificate> {
    if (taskId.length === 0) throw new Error('A client certificate names its task; the task id given is empty.');
    return this.issue(taskId, { clientAuth: true }, []);
  }

  private async issue(commonName: string, extendedKeyUsage: { serverAuth?: true; clientAuth?: true }, extra: object[]): Promise<IssuedCertificate> {
    const { privateKeyPem, publicKeyPem } = await newKeyPair();
    const certificate = newCertificate(publicKeyPem, [{ name: 'commonName', value: commonName }], this.certificate.subject.attributes);
    certificate.setExtensions([
      { name: 'basicConstraints', critical: true, cA: false },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', ...extendedKeyUsage },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.certificate.generateSubjectKeyIdentifier().getBytes() },
      ...extra,
    ]);
    certificate.sign(this.privateKey, forge.md.sha256.create());
    return { certificatePem: forge.pki.certificateToPem(certificate), privateKeyPem };
  }
}

let processCa: Promise<FixtureCa> | undefined;

/** This harness process's CA, made on first use (about a tenth of a second). */
export function harnessCa(): Promise<FixtureCa> {
  processCa ??= FixtureCa.create();
  return processCa;
}

async function newKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function newCertificate(publicKeyPem: string, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[]): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // Positive (top bit clear), unique enough that no two certificates of a CA share one.
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  certificate.serialNumber = serial.toString('hex');
  const now = Date.now();
  certificate.validity.notBefore = new Date(now - BACKDATE_MS);
  certificate.validity.notAfter = new Date(now + CERTIFICATE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  certificate.setSubject(subject);
  certificate.setIssuer(issuer);
  return certificate;
}
