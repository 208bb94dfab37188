import { AuthError, ConfigurationError } from '../errors/index.js';

// RFC 9110 §5.5: a field value never holds CR, LF or NUL. Checked here because
// the TypeError that Headers.set throws for such a value quotes the value,
// which for us is a secret.
const UNSAFE_VALUE = /[\0\r\n]/;
// RFC 9110 §5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

type ErrorKind = 'configuration' | 'auth';

/**
 * Asserts that a credential can travel in a header. The message names the
 * option or source (`what`) and what to do, never the value. A value from
 * configuration says "set <what>"; one from a provider says to check it.
 */
export function assertCredentialValue(
  value: unknown,
  what: string,
  kind: ErrorKind,
): asserts value is string {
  let problem: string | undefined;
  const fix = kind === 'configuration' ? `set ${what}` : 'check the credential provider';
  if (typeof value !== 'string') problem = `${what} must be a string; ${fix}.`;
  else if (value.length === 0) problem = `${what} is empty; ${fix}.`;
  else if (UNSAFE_VALUE.test(value)) {
    problem = `${what} contains a line break or NUL, which no HTTP header may carry; look for a stray newline where the value is read.`;
  }
  if (problem === undefined) return;
  throw kind === 'configuration' ? new ConfigurationError(problem) : new AuthError(problem);
}

/** Asserts a header name is a valid HTTP token (RFC 9110 §5.1). */
export function assertHeaderName(name: unknown, what: string): asserts name is string {
  if (typeof name === 'string' && TOKEN.test(name)) return;
  throw new ConfigurationError(
    `${what} must be an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~), e.g. 'x-api-key'.`,
  );
}
