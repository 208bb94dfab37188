import { AuthError } from '../errors/index.js';
import { utf8ToBase64 } from './base64.js';
import type { CredentialProvider } from './credential-provider.js';
import type { ExpiringCredential } from './rotating-credential.js';

/** Everything one token request needs, validated and prepared once. */
export interface TokenRequestConfig {
  readonly tokenUrl: string;
  /** `origin + path` of the token endpoint: what error messages may name (never its query). */
  readonly endpointLabel: string;
  readonly clientId: string;
  readonly clientSecret: CredentialProvider<string> | undefined;
  readonly clientAssertion: CredentialProvider<string> | undefined;
  readonly clientAuthentication: 'basic' | 'body';
  /** grant_type, scope, audience, resource and extra parameters. */
  readonly params: readonly (readonly [string, string])[];
  readonly timeoutMs: number;
  readonly fetch: () => typeof fetch;
  readonly now: () => number;
}

// RFC 7523 §2.2: the client_assertion_type for a JWT client assertion.
const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// RFC 6749 §5.2: an `error` value is limited to these characters.
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

/**
 * POSTs a client credentials grant (RFC 6749 §4.4.2) and reads the answer
 * (§5.1 success, §5.2 error). Errors name the OAuth `error` code and what to
 * fix; neither the secret, the assertion nor any token is ever put in one.
 */
export async function requestToken(
  config: TokenRequestConfig,
): Promise<ExpiringCredential<string>> {
  const secrets: string[] = [];
  const body = new URLSearchParams(config.params as [string, string][]);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (config.clientAssertion !== undefined) {
    // A fresh assertion per token request: servers such as Okta and Auth0
    // reject a reused `jti` (RFC 7523 §3, replay protection).
    config.clientAssertion.invalidate?.();
    const assertion = await config.clientAssertion.get();
    secrets.push(assertion, formEncode(assertion));
    body.set('client_id', config.clientId);
    body.set('client_assertion_type', JWT_BEARER_ASSERTION);
    body.set('client_assertion', assertion);
  } else if (config.clientSecret !== undefined) {
    const secret = await config.clientSecret.get();
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new AuthError('The clientSecret provider returned no secret; check the provider.');
    }
    // A server echoing the request back may quote the secret raw, form-encoded or inside the Basic value.
    const basic = utf8ToBase64(`${formEncode(config.clientId)}:${formEncode(secret)}`);
    secrets.push(secret, formEncode(secret), encodeURIComponent(secret), basic);
    if (config.clientAuthentication === 'basic') {
      // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
      headers.authorization = `Basic ${basic}`;
    } else {
      body.set('client_id', config.clientId);
      body.set('client_secret', secret);
    }
  }

  const startedAt = config.now();
  let response: Response;
  try {
    response = await config.fetch()(config.tokenUrl, {
      method: 'POST',
      headers,
      body: body.toString(),
      // A redirect would carry the client credentials to wherever it points.
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
    throw new AuthError(
      timedOut
        ? `The OAuth2 token endpoint ${config.endpointLabel} did not answer within ${config.timeoutMs} ms; check the network or raise tokenTimeoutMs.`
        : `Could not reach the OAuth2 token endpoint ${config.endpointLabel}; check tokenUrl and the network.`,
      { retryable: true, cause: error, details: { tokenEndpoint: config.endpointLabel } },
    );
  }

  const status = response.status;
  if (status === 0 || (status >= 300 && status < 400)) {
    response.body?.cancel().catch(() => {});
    throw new AuthError(
      `The OAuth2 token endpoint ${config.endpointLabel} answered with a redirect (${status}); set tokenUrl to the final address. Credentials are not sent through redirects.`,
      { details: { status, tokenEndpoint: config.endpointLabel } },
    );
  }

  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(await response.text());
    if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }

  if (!response.ok) throw tokenEndpointError(config, status, json, secrets);

  const accessToken = json?.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new AuthError(
      `The OAuth2 token endpoint ${config.endpointLabel} answered ${status} without an access_token; check that tokenUrl is the token endpoint.`,
      { details: { status, tokenEndpoint: config.endpointLabel } },
    );
  }
  const tokenType = json?.token_type;
  // RFC 6749 §7.1: only Bearer tokens (RFC 6750) can be used by setting a header.
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw new AuthError(
      `The OAuth2 token endpoint ${config.endpointLabel} issued a token of type ${safeCode(tokenType, [accessToken, ...secrets]) ?? 'unknown'}; only Bearer tokens are supported. Ask for a Bearer token at the authorization server.`,
      { details: { tokenEndpoint: config.endpointLabel } },
    );
  }
  return { value: accessToken, expiresAt: expiresAt(json?.expires_in, startedAt) };
}

/** RFC 6749 §5.1 `expires_in`, in seconds; some servers send it as a string. */
function expiresAt(expiresIn: unknown, startedAt: number): number | undefined {
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return startedAt + seconds * 1000;
}

const HINTS: Readonly<Record<string, string>> = {
  invalid_client:
    'check clientId and clientSecret (or the client assertion), and whether the server expects them in the Basic header or the body (clientAuthentication).',
  invalid_scope: 'check scope: this client may not request it.',
  unauthorized_client:
    'this client may not use the client_credentials grant; allow it at the authorization server.',
  unsupported_grant_type: 'this endpoint does not accept client_credentials; check tokenUrl.',
  invalid_grant:
    "the client assertion was refused; check its issuer, audience and the machine's clock.",
  invalid_request:
    'the server found the request malformed; check tokenUrl, audience, resource and extraParams.',
};

function tokenEndpointError(
  config: TokenRequestConfig,
  status: number,
  json: Record<string, unknown> | undefined,
  secrets: readonly string[],
): AuthError {
  const code = typeof json?.error === 'string' ? safeCode(json.error, secrets) : undefined;
  const retryable = status >= 500 || status === 429 || code === 'temporarily_unavailable';
  const hint =
    (code !== undefined ? HINTS[code] : undefined) ??
    (retryable
      ? 'the server failed; the call may succeed later.'
      : status === 401
        ? 'check clientId and clientSecret.'
        : status === 404
          ? 'check tokenUrl.'
          : 'check tokenUrl and the client settings.');
  const description =
    typeof json?.error_description === 'string'
      ? scrub(json.error_description, secrets).slice(0, 300)
      : undefined;
  return new AuthError(
    `The OAuth2 token endpoint ${config.endpointLabel} answered ${status}${code === undefined ? '' : ` ${code}`}: ${hint}`,
    {
      retryable,
      details: {
        status,
        tokenEndpoint: config.endpointLabel,
        ...(code === undefined ? {} : { oauthError: code }),
        ...(description === undefined ? {} : { errorDescription: description }),
      },
    },
  );
}

/** An RFC 6749 §5.2 code fit for a message: well-formed and echoing no credential. */
function safeCode(value: string, secrets: readonly string[]): string | undefined {
  if (!OAUTH_ERROR_CODE.test(value)) return undefined;
  return scrub(value, secrets) === value ? value : undefined;
}

/** Removes any credential a misbehaving server echoed back. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** application/x-www-form-urlencoded serialization of one value (space as '+'). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
