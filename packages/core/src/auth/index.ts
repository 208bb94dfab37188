export { type AcsConnectionString, parseAcsConnectionString } from './acs-connection-string.js';
export { type ApiKeyAuthOptions, apiKeyAuth } from './api-key-auth.js';
export { type BasicCredentials, basicAuth } from './basic-auth.js';
export { type BearerAuthOptions, bearerAuth } from './bearer-auth.js';
export {
  type CredentialContext,
  type CredentialProvider,
  isCredentialProvider,
  staticCredential,
} from './credential-provider.js';
export { type HmacSha256SignerOptions, hmacSha256Signer } from './hmac-sha256-signer.js';
export { type JwtAssertionOptions, jwtAssertion, type PrivateJwk } from './jwt-assertion.js';
export {
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
  oauth2TokenProvider,
} from './oauth2-client-credentials.js';
export {
  type ExpiringCredential,
  type RotatingCredentialOptions,
  rotatingCredential,
} from './rotating-credential.js';
export { type RequestSigner, signingPolicy } from './signing-policy.js';
