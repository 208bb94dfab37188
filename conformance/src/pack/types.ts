import type { Pack } from '@org/codegen/src/pack/schema.js';
import type { Json } from '../schema/refs.js';

export type { Pack };

/** What an openapi-fetch call resolves with. */
export interface CallResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

type Method = (path: string, init?: Record<string, unknown>) => Promise<CallResult>;

/** The generated client as the suite drives it: openapi-fetch methods by path template. */
export interface PackClient {
  readonly GET: Method;
  readonly POST: Method;
  readonly PUT: Method;
  readonly PATCH: Method;
  readonly DELETE: Method;
  readonly [method: string]: unknown;
}

/** A row of the generated operation table (`operationTable` of the client package). */
export interface OperationRow {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly idempotent?: boolean;
  readonly requestClass?: string;
  readonly requestContentTypes?: readonly string[];
  readonly pagination?: Json & { readonly style: string; readonly itemsField?: string };
  readonly idempotencyKey?: { readonly in: 'header' | 'body' | 'query'; readonly name: string };
  readonly sensitive?: readonly string[];
}

/** Options every generated `create<Vendor>Client` takes (codegen's contract), credentials aside. */
export interface ClientOptions {
  readonly baseUrl?: string;
  readonly auth?: unknown;
  readonly retry?: Record<string, unknown> | false;
  readonly rateLimit?: Record<string, unknown> | false;
  readonly events?: unknown;
  readonly tenant?: string;
  readonly fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  readonly deadlineMs?: number;
  readonly attemptTimeoutMs?: number;
  readonly telemetry?: { call?: unknown; attempt?: unknown };
  readonly [credential: string]: unknown;
}

export type ClientFactory = (options: ClientOptions) => PackClient;

export interface Waiver {
  readonly scenario: string;
  readonly reason: string;
}

/** Everything the suite knows about one pack: its pack.yaml, spec, and generated client package. */
export interface PackUnderTest {
  readonly id: string;
  readonly npm: string;
  readonly version: string;
  readonly pack: Pack;
  /** The pack folder, e.g. `specs/twilio`. */
  readonly dir: string;
  /** The spec as codegen sees it: overlay applied, excluded operations dropped, error responses attached. */
  readonly document: Json;
  readonly specSha256: string;
  /** The generated client package's folder and manifest. */
  readonly packageDir: string;
  /** The package's exported `manifest` (pack defaults: retry, rate limit, idempotency, webhooks). */
  readonly manifest: Json;
  readonly operations: readonly OperationRow[];
  /** The package's `create<Vendor>Client`, or a stand-in wrapping it (the broken-pack fixtures). */
  readonly createClient: ClientFactory;
  /** The name of the factory export, e.g. `createTwilioClient`. */
  readonly factoryName: string;
  /** Everything the package exports (webhook verifier factories among them). */
  readonly exports: Readonly<Record<string, unknown>>;
  readonly waivers: readonly Waiver[];
}
