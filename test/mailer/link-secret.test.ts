import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinkSecretError, loadLinkSecret } from '../../activities/mailer/link-secret.js';

describe('link secret', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-secret-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const hex = 'a1'.repeat(32);

  it('reads 64 hex characters from PLANGATE_LINK_SECRET', async () => {
    const secret = await loadLinkSecret({ secret: hex, dataDir });
    expect(Buffer.from(secret).toString('hex')).to.equal(hex);
  });

  it('reads base64 and base64url of 32 bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 250));
    for (const text of [bytes.toString('base64'), bytes.toString('base64url')]) {
      const secret = await loadLinkSecret({ secret: text });
      expect(Buffer.from(secret).equals(bytes), text).to.equal(true);
    }
  });

  it('rejects a short or malformed secret, naming the variable', async () => {
    for (const bad of ['a1'.repeat(16), Buffer.alloc(16, 1).toString('base64'), 'not a secret!']) {
      let caught: unknown;
      try {
        await loadLinkSecret({ secret: bad, dataDir });
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).to.be.instanceOf(LinkSecretError);
      expect((caught as Error).message).to.include('PLANGATE_LINK_SECRET');
      expect((caught as Error).message).to.not.include(bad);
    }
  });

  it('without the variable, creates a 32-byte secret in the data dir (mode 0600) and reuses it', async () => {
    const first = await loadLinkSecret({ dataDir });
    expect(first).to.have.length(32);
    const file = join(dataDir, 'link-secret');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const again = await loadLinkSecret({ secret: '', dataDir });
    expect(Buffer.from(again).equals(Buffer.from(first))).to.equal(true);
    expect((await readFile(file, 'utf8')).trim()).to.equal(Buffer.from(first).toString('hex'));
  });

  it('gives concurrent first starts (worker and web) the same secret', async () => {
    const dir = join(dataDir, 'nested', 'state');
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadLinkSecret({ dataDir: dir })));
    const hexes = new Set(secrets.map((s) => Buffer.from(s).toString('hex')));
    expect(hexes.size).to.equal(1);
  });

  it('refuses a damaged secret file instead of silently replacing it', async () => {
    await writeFile(join(dataDir, 'link-secret'), 'abcd\n');
    let caught: unknown;
    try {
      await loadLinkSecret({ dataDir });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(LinkSecretError);
  });

  it('needs either the variable or a data directory', async () => {
    let caught: unknown;
    try {
      await loadLinkSecret({});
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(LinkSecretError);
  });
});
