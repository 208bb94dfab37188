import type { WebhookVerifier } from './types.js';

/**
 * A verifier that makes the real one with `load` on its first use, once:
 * generated clients pass a loader importing their own chunk of
 * `@org/core/webhooks`, so a client's import does not load the webhook
 * module. Check the options first (checkWebhookVerifierOptions). No state
 * at module level: the build copies this module into each output using it.
 */
export function deferWebhookVerifier(
  scheme: string,
  load: () => Promise<WebhookVerifier>,
): WebhookVerifier {
  let made: Promise<WebhookVerifier> | undefined;
  const verifier = () => {
    made ??= load();
    return made;
  };
  return {
    scheme,
    verify: (request) => verifier().then((real) => real.verify(request)),
    verifyRequest: (request) => verifier().then((real) => real.verifyRequest(request)),
    release: (event) => verifier().then((real) => real.release(event)),
  };
}
