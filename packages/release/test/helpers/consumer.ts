import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One real call through the installed client to a server on 127.0.0.1: the
 * generated paths, the Basic credentials, the JSON body, then a 401 that must
 * stay a typed response, and a missing credential that must throw core's
 * typed ConfigurationError (checked across the package boundary). Plain JavaScript, no TypeScript loader:
 * what a user's script runs.
 */
export function consumerScript(format: 'esm' | 'cjs'): string {
  const load =
    format === 'esm'
      ? "import http from 'node:http';\nimport { createTwilioClient, manifest } from '@org/twilio-client';\nimport { isCoreError } from '@org/core/errors';\n"
      : "const http = require('node:http');\nconst { createTwilioClient, manifest } = require('@org/twilio-client');\nconst { isCoreError } = require('@org/core/errors');\n";
  return `${load}
const account = 'AC00000000000000000000000000000000';
let authorization;
const server = http.createServer((request, response) => {
  authorization = request.headers.authorization;
  if (request.url.includes('/Messages/SMdenied')) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ sid: 'SM00000000000000000000000000000000', status: 'delivered', account_sid: account }));
});
server.listen(0, '127.0.0.1', async () => {
  try {
    const client = createTwilioClient({
      credentials: { accountSid: account, authToken: 'token' },
      baseUrl: 'http://127.0.0.1:' + server.address().port,
      retry: false,
    });
    const path = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
    const ok = await client.GET(path, { params: { path: { AccountSid: account, Sid: 'SM00000000000000000000000000000000' } } });
    // A 401 stays a typed response carrying Twilio's error body; a thrown error fails the script.
    const denied = await client.GET(path, { params: { path: { AccountSid: account, Sid: 'SMdenied' } } });
    let config;
    try {
      createTwilioClient({});
    } catch (error) {
      config = isCoreError(error, 'configuration') ? error.code : String(error);
    }
    console.log(JSON.stringify({
      version: manifest.version,
      sid: ok.data.sid,
      status: ok.data.status,
      authorization,
      denied: { status: denied.response.status, code: denied.error.code },
      config,
    }));
  } finally {
    server.close();
  }
});
`;
}

/**
 * A typed consumer: a real call shape, a type it imports, and a
 * `@ts-expect-error` on a path the spec lacks, which fails the compile if the
 * installed types ever degrade to `any` (the app installs no openapi-fetch:
 * @org/core ships its types; the packaging tests cover an app that does).
 * ESM (.mts) and CJS (.cts) under
 * NodeNext, plain .ts under Bundler.
 */
export function writeTypeScriptConsumer(app: string): void {
  const body = `
const client = createTwilioClient({ credentials: { accountSid: 'AC1', authToken: 'token' } });

export async function send(): Promise<TwilioMessage | undefined> {
  const sent = await client.POST('/2010-04-01/Accounts/{AccountSid}/Messages.json', {
    params: { path: { AccountSid: 'AC1' } },
    body: { To: '+15558675310', From: '+15017122661', Body: 'Hello' },
  });
  if (sent.error) return undefined;
  const sid: string | null | undefined = sent.data.sid;
  void sid;
  return sent.data;
}

export function typo(): void {
  // @ts-expect-error: not a path of the Twilio spec
  void client.GET('/2010-04-01/NoSuchThing.json');
}
`;
  const imports = "import { createTwilioClient, type TwilioMessage } from '@org/twilio-client';\n";
  writeFileSync(join(app, 'consumer.mts'), imports + body);
  writeFileSync(join(app, 'consumer.cts'), imports + body);
  writeFileSync(join(app, 'consumer.ts'), imports + body);
  const base = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    lib: ['ES2023', 'DOM'],
    types: [],
    skipLibCheck: false,
  };
  writeFileSync(
    join(app, 'tsconfig.nodenext.json'),
    JSON.stringify({
      compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' },
      files: ['consumer.mts', 'consumer.cts'],
    }),
  );
  writeFileSync(
    join(app, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' },
      files: ['consumer.ts'],
    }),
  );
}
