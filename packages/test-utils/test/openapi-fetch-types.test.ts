import {
  cpSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumerCompilerOptions,
  findWorkspaceRoot,
  installTarballs,
  packPackage,
} from '../src/packaging.js';

// openapi-fetch is a devDependency of @org/core: the build ships its
// declarations in dist/openapi-fetch.d.cts and, in
// dist/openapi-fetch-client.d.cts, makes `Client` the app's own openapi-fetch
// `Client` where the app installs one with the same client API
// (packages/core/tsup.config.ts). Checked on the packed core and Twilio
// client: a typed call and typing mistakes, and which declaration the
// client's type comes from, under NodeNext (ESM and CJS files) and Bundler,
// with skipLibCheck off. Expects a build.

const root = findWorkspaceRoot(import.meta.dirname);
const workspaceOpenapiFetch = realpathSync(
  join(root, 'packages', 'core', 'node_modules', 'openapi-fetch'),
);
let work: string;
const apps = new Map<'absent' | 'matching' | 'different', string>();

const MESSAGES = "'/2010-04-01/Accounts/{AccountSid}/Messages.json'";

/** A user's use of the Twilio client; `withOpenapiFetch` adds uses of the app's own openapi-fetch. */
function consumer(withOpenapiFetch: boolean): string {
  return `import { createTwilioClient } from '@org/twilio-client';
type NotAny<T> = 0 extends 1 & T ? false : true;
export const client = createTwilioClient({ credentials: { accountSid: 'AC1', authToken: 'token' } });
export async function send(): Promise<string | null | undefined> {
  const sent = await client.POST(${MESSAGES}, {
    params: { path: { AccountSid: 'AC1' } },
    body: { To: '+15558675310', From: '+15017122661', Body: 'Hello' },
  });
  if (sent.error) return undefined;
  const typed: NotAny<typeof sent.data> = true;
  void typed;
  // @ts-expect-error: sid is a string
  const wrong: number = sent.data.sid;
  void wrong;
  return sent.data.sid;
}
export async function mistakes(): Promise<void> {
  // @ts-expect-error: not a path of the Twilio spec
  await client.GET('/2010-04-01/NoSuchThing.json');
  // @ts-expect-error: the AccountSid path parameter is missing
  await client.POST(${MESSAGES}, { body: { To: '+1', From: '+1', Body: 'x' } });
  // @ts-expect-error: Body is a string
  await client.POST(${MESSAGES}, { params: { path: { AccountSid: 'AC1' } }, body: { To: '+1', From: '+1', Body: 42 } });
}
client.use({ onRequest: ({ request }) => request });
${
  withOpenapiFetch
    ? `import type { Middleware } from 'openapi-fetch';
declare const middleware: Middleware;
client.use(middleware);
`
    : ''
}`;
}

interface Checked {
  problems: string[];
  /** Per consumer file, the declaration file of the `Client` part of `client`'s type, relative to the app. */
  clientFrom: Record<string, string>;
}

function check(app: string, resolution: 'nodenext' | 'bundler', source: string): Checked {
  const files =
    resolution === 'nodenext'
      ? [join(app, 'consumer.mts'), join(app, 'consumer.cts')]
      : [join(app, 'consumer.ts')];
  for (const file of files) writeFileSync(file, source);
  const program = ts.createProgram(files, consumerCompilerOptions(ts, resolution));
  const checker = program.getTypeChecker();
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map(
      (diagnostic) =>
        `${diagnostic.file ? relative(app, diagnostic.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
  const clientFrom: Record<string, string> = {};
  for (const file of files) {
    const sourceFile = program.getSourceFile(file)!;
    const declaration = sourceFile.statements.find(ts.isVariableStatement)!.declarationList
      .declarations[0]!;
    const type = checker.getTypeAtLocation(declaration.name);
    const parts = type.isIntersection() ? type.types : [type];
    const client = parts.find((part) => (part.aliasSymbol ?? part.symbol)?.name === 'Client');
    const origin = (client?.aliasSymbol ?? client?.symbol)?.declarations?.[0]?.getSourceFile();
    clientFrom[relative(app, file)] = origin ? relative(app, realpathSync(origin.fileName)) : '';
  }
  return { problems, clientFrom };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'openapi-fetch-types-'));
  const tarballs = await Promise.all(
    ['core', 'twilio-client'].map((dir) =>
      packPackage(join(root, 'packages', dir), join(work, 'tarballs')),
    ),
  );
  for (const key of ['absent', 'matching', 'different'] as const) {
    const app = await installTarballs(tarballs, join(work, key), {
      mode: 'link',
      workspaceRoot: root,
    });
    apps.set(key, app.dir);
  }
  // The app's own openapi-fetch, the version core's copy comes from.
  symlinkSync(
    workspaceOpenapiFetch,
    join(apps.get('matching')!, 'node_modules', 'openapi-fetch'),
    'junction',
  );
  // An openapi-fetch whose client takes one more option than the copy's: as a
  // later release might, whose types would describe a client core does not run.
  const different = join(apps.get('different')!, 'node_modules', 'openapi-fetch');
  cpSync(workspaceOpenapiFetch, different, { recursive: true, dereference: true });
  for (const types of ['index.d.mts', 'index.d.cts']) {
    const file = join(different, 'dist', types);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(
      '  baseUrl?: string;\n',
      '  baseUrl?: string;\n  /** Not in the copy core ships. */\n  retryOnStatus?: number[];\n',
    );
    expect(changed, `${file} declares ClientOptions.baseUrl`).not.toBe(text);
    writeFileSync(file, changed);
  }
  symlinkSync(
    realpathSync(join(workspaceOpenapiFetch, '..', 'openapi-typescript-helpers')),
    join(apps.get('different')!, 'node_modules', 'openapi-typescript-helpers'),
    'junction',
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const COPY = 'node_modules/@org/core/dist/openapi-fetch.d.cts';

describe.each(['nodenext', 'bundler'] as const)('under %s resolution', (resolution) => {
  it('without openapi-fetch in the app: the client is typed by the copy core ships', () => {
    const { problems, clientFrom } = check(apps.get('absent')!, resolution, consumer(false));
    expect(problems).toEqual([]);
    for (const from of Object.values(clientFrom)) expect(from).toBe(COPY);
  });

  it("with the app's openapi-fetch: the client is its Client, as its own helpers take it", () => {
    const app = apps.get('matching')!;
    const source = `${consumer(true)}import { type Client, wrapAsPathBasedClient } from 'openapi-fetch';
import type { paths } from '@org/twilio-client';
export const asClient: Client<paths> = client;
export const byPath = wrapAsPathBasedClient(client);
export async function byPathSid(): Promise<string | null | undefined> {
  const { data } = await byPath[${MESSAGES}].POST({
    params: { path: { AccountSid: 'AC1' } },
    body: { To: '+15558675310', From: '+15017122661', Body: 'Hello' },
  });
  return data?.sid;
}
`;
    const { problems, clientFrom } = check(app, resolution, source);
    expect(problems).toEqual([]);
    // ESM files read openapi-fetch's ESM types and CJS files its CJS ones, as the app's own imports do.
    const installed = relative(app, workspaceOpenapiFetch);
    expect(clientFrom).toEqual(
      resolution === 'nodenext'
        ? {
            'consumer.mts': `${installed}/dist/index.d.mts`,
            'consumer.cts': `${installed}/dist/index.d.cts`,
          }
        : { 'consumer.ts': `${installed}/dist/index.d.mts` },
    );
  });

  it("with a different openapi-fetch in the app: the copy, still taking the app's Middleware", () => {
    const { problems, clientFrom } = check(apps.get('different')!, resolution, consumer(true));
    expect(problems).toEqual([]);
    for (const from of Object.values(clientFrom)) expect(from).toBe(COPY);
  });
});
