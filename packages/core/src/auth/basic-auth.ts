import { ConfigurationError } from '../errors/index.js';
import type { Policy } from '../transport/types.js';
import { utf8ToBase64 } from './base64.js';
import { credentialPolicy } from './credential-policy.js';
import { type CredentialProvider, isCredentialProvider } from './credential-provider.js';
import { assertCredentialValue } from './header-safety.js';

export interface BasicCredentials {
  readonly username: string;
  /** May be empty: some APIs take an API key as the username and no password. */
  readonly password: string;
}

/**
 * `Authorization: Basic base64(username:password)` (RFC 7617), UTF-8 encoded
 * as §2.1's `charset="UTF-8"` asks. A fixed pair is encoded once, not per call.
 */
export function basicAuth(
  credentials: BasicCredentials | CredentialProvider<BasicCredentials>,
): Policy {
  if (isCredentialProvider<BasicCredentials>(credentials)) {
    let last: BasicCredentials | undefined;
    let lastHeader = '';
    return credentialPolicy(credentials, (request, value) => {
      if (value !== last) {
        lastHeader = basicHeader(value, 'auth');
        last = value;
      }
      request.headers.set('authorization', lastHeader);
      return request;
    });
  }
  const header = basicHeader(credentials, 'configuration');
  return credentialPolicy<string>(
    { get: () => header },
    (request) => {
      request.headers.set('authorization', header);
      return request;
    },
    false,
  );
}

function basicHeader(credentials: BasicCredentials, kind: 'configuration' | 'auth'): string {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new ConfigurationError(
      'basicAuth needs { username, password } or a credential provider.',
    );
  }
  const { username, password } = credentials;
  assertCredentialValue(username, 'basicAuth username', kind);
  // RFC 7617 §2: "a user-id containing a colon character is invalid".
  if (username.includes(':')) {
    throw new ConfigurationError(
      "basicAuth username contains ':', which Basic auth cannot carry (RFC 7617 §2); check the username.",
    );
  }
  if (password !== '') assertCredentialValue(password, 'basicAuth password', kind);
  return `Basic ${utf8ToBase64(`${username}:${password}`)}`;
}
