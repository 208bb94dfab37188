import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeRun,
  findNodeRuntimes,
  findWorkspaceRoot,
  type InstalledApp,
  installTarballs,
  packPackage,
  run,
} from '@org/test-utils/packaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @org/core as users receive it (packed, installed outside the workspace)
// without jose, its optional peer dependency: every subpath still imports,
// and the two features that need jose throw a ConfigurationError saying to
// install it, from ESM and from CommonJS, on Node 20 and 24. Expects a build
// (`pnpm test` builds first).

const root = findWorkspaceRoot(import.meta.dirname);
let work: string;
let app: InstalledApp;

const FEATURES = `
const outcome = async (use) => {
  try {
    await use();
    return 'no error';
  } catch (error) {
    return { name: error.name, code: error.code, message: error.message };
  }
};
const assertion = jwtAssertion({
  privateKey: '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----\\n',
  alg: 'EdDSA',
  issuer: 'client-id',
  audience: 'https://login.example/token',
});
const verifier = createWebhookVerifier('jwt', { secret: 'k'.repeat(32), algorithms: ['HS256'] });
const delivery = { headers: { authorization: 'Bearer aaa.bbb.ccc' }, body: '{}' };
const results = {
  jwtAssertion: await outcome(() => assertion.get()),
  jwtAssertionAgain: await outcome(() => assertion.get()),
  jwtWebhook: await outcome(() => verifier.verify(delivery)),
};
process.stdout.write(JSON.stringify(results));
`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'core-without-jose-'));
  const tarball = await packPackage(join(root, 'packages', 'core'), join(work, 'tarballs'));
  app = await installTarballs([tarball], join(work, 'app'), { mode: 'link', workspaceRoot: root });
  writeFileSync(
    join(app.dir, 'features.mjs'),
    `import { jwtAssertion } from '@org/core/auth';\nimport { createWebhookVerifier } from '@org/core/webhooks';\n${FEATURES}`,
  );
  writeFileSync(
    join(app.dir, 'features.cjs'),
    `const { jwtAssertion } = require('@org/core/auth');\nconst { createWebhookVerifier } = require('@org/core/webhooks');\n(async () => {${FEATURES}})();\n`,
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const missing = (feature: string) => ({
  name: 'ConfigurationError',
  code: 'configuration',
  message: `${feature} needs jose, an optional peer dependency of @org/core that is not installed: run \`npm install jose\`.`,
});

describe('@org/core installed without jose', () => {
  it('is installed alone: without jose, and without openapi-fetch (bundled, code and types)', () => {
    expect(existsSync(join(app.dir, 'node_modules', 'openapi-fetch'))).toBe(false);
    expect(existsSync(join(app.dir, 'node_modules', 'jose'))).toBe(false);
    expect(app.packages[0]!.manifest.peerDependenciesMeta?.jose).toEqual({ optional: true });
    expect(app.packages[0]!.manifest.dependencies?.jose).toBeUndefined();
  });

  describe.each(findNodeRuntimes(root).map((runtime) => [runtime.label, runtime] as const))(
    'on %s',
    (_label, runtime) => {
      it.each(['features.mjs', 'features.cjs'])(
        '%s: JWT assertions and jwt webhooks say to install jose',
        async (script) => {
          const result = await run(runtime.bin, [script], {
            cwd: app.dir,
            env: { PATH: process.env.PATH },
            timeoutMs: 30_000,
          });
          expect(result.code, describeRun(result)).toBe(0);
          expect(JSON.parse(result.stdout)).toEqual({
            jwtAssertion: missing('jwtAssertion (signing JWT client assertions)'),
            jwtAssertionAgain: missing('jwtAssertion (signing JWT client assertions)'),
            jwtWebhook: missing('The jwt webhook verifier'),
          });
        },
        60_000,
      );
    },
  );
});
