import { AuthError, isCoreError } from '../errors/index.js';
import type { CallContext, Handler, Policy } from '../transport/types.js';

/**
 * Signs one attempt: returns the request to send (the same one with headers
 * added, or a new one when the body had to be read).
 */
export type RequestSigner = (request: Request, ctx: CallContext) => Request | Promise<Request>;

/**
 * Runs `signer` on every attempt, after rate limiting and right before the
 * send, so a signature's date is fresh on each retry and covers the final URL
 * and body.
 */
export function signingPolicy(signer: RequestSigner): Policy {
  return {
    name: 'sign',
    wrap(next: Handler): Handler {
      return async (request: Request, ctx: CallContext) => {
        let signed: Request;
        try {
          signed = await signer(request, ctx);
        } catch (error) {
          if (isCoreError(error)) throw error;
          throw new AuthError(
            `Signing the request to ${ctx.vendor} failed; see cause. Check the signer and its key.`,
            { cause: error },
          );
        }
        return next(signed, ctx);
      };
    },
  };
}
