import { describe, expect, it } from 'vitest';
import { isCodegenError } from '../src/errors.js';
import { generatePack } from '../src/generate/pack.js';
import { parsePack } from '../src/pack/load.js';
import { fixtureRoot } from './helpers.js';

/**
 * `auth.type: hmac-sha256` (Azure Communication Services' access-key
 * signing) and `servers.required` (a per-customer endpoint with no shared
 * host). The `signed` fixture also runs through the type-check test.
 */
async function generatedFile(name: string): Promise<string> {
  const pack = await generatePack(fixtureRoot, 'signed');
  const file = pack.files.find((f) => f.path.endsWith(name));
  if (!file) throw new Error(`no ${name} generated`);
  return file.content;
}

describe('hmac-sha256 auth', () => {
  it('signs every attempt through core signingPolicy(hmacSha256Signer)', async () => {
    const client = await generatedFile('client.ts');
    expect(client).toMatch(
      /^import \{[^}]*\btype CredentialProvider, [^}]*\} from '@org\/core';$/m,
    );
    expect(client).toContain(
      "import { hmacSha256Signer, parseAcsConnectionString, signingPolicy } from '@org/core/auth';",
    );
    expect(client).toContain(
      '    signing: accessKey === undefined ? undefined : signingPolicy(hmacSha256Signer({ accessKey })),',
    );
    expect(client).toContain('readonly accessKey?: string | CredentialProvider<string>;');
  });

  it('takes the endpoint and key from a connection string, the key given alone winning', async () => {
    const client = await generatedFile('client.ts');
    expect(client).toContain('readonly connectionString?: string;');
    expect(client).toContain(
      '  const connection = options.connectionString === undefined ? undefined : parseAcsConnectionString(options.connectionString);\n  const accessKey = options.accessKey ?? connection?.accessKey;',
    );
    expect(client).toContain('const baseUrl = options.baseUrl ?? connection?.endpoint;');
    // Limits are per resource: the endpoint's host keys the limiter.
    expect(client).toContain(
      'tenant: options.tenant ?? (connection ? new URL(connection.endpoint).host : undefined),',
    );
  });

  it('refuses to start without a credential or an endpoint', async () => {
    const client = await generatedFile('client.ts');
    expect(client).toContain(
      'if (!options.auth && !options.accessKey && !options.connectionString) {\n    throw new ConfigurationError("createSignedClient needs `accessKey`, `connectionString` or an `auth` policy.");',
    );
    expect(client).toContain(
      'if (baseUrl === undefined) throw new ConfigurationError("createSignedClient needs your endpoint (`baseUrl` or `connectionString`), e.g. https://my-resource.notes.example.com.");',
    );
    // servers.required: the documented form is never used as a fallback host.
    expect(client).not.toContain('manifest.servers.default');
  });

  it('documents the scheme and the per-customer endpoint in the README', async () => {
    const readme = await generatedFile('README.md');
    expect(readme).toContain(
      'Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…',
    );
    expect(readme).toContain('No shared host: pass your own endpoint');
  });

  it('renders readme.sections after the example, in order', async () => {
    const readme = await generatedFile('README.md');
    expect(readme).toContain(
      "await notes.POST('/notes', { params: { query: { 'api-version': '2024-01-01' } }, body: { text: 'hi' } });\n```\n\n## Rotating the key\n\nPass a credential provider as `accessKey`; every attempt is signed with the key it returns.\n\n## Auth",
    );
  });

  it('validates the pack fields', () => {
    const base = `id: acme
name: Acme
description: Acme API.
npm: '@org/acme-client'
version: 1.0.0
spec: openapi.json
servers:
  default: https://acme.example
`;
    const pack = parsePack(`${base}auth:\n  type: hmac-sha256\n`, 'pack.yaml');
    expect(pack.auth).toEqual({
      type: 'hmac-sha256',
      option: 'accessKey',
      connectionString: false,
    });
    expect(pack.servers.required).toBeUndefined();
    let message = '';
    try {
      parsePack(`${base}auth:\n  type: hmac-sha256\n  connectionstring: true\n`, 'pack.yaml');
    } catch (error) {
      expect(isCodegenError(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message).toContain('pack.yaml:11:3');
    expect(message).toContain('connectionstring');
  });
});
