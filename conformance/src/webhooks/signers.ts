import { createHash, createHmac, randomUUID } from 'node:crypto';

/** A delivery as the vendor would send it. */
export interface Delivery {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SignInput {
  readonly secret: string;
  readonly url: string;
  /** Form fields (sent form-encoded) or a JSON value. */
  readonly payload: Record<string, string> | { readonly json: unknown };
  /** Signing time, epoch seconds. */
  readonly timestamp: number;
  readonly id: string;
}

/**
 * How each scheme signs, written from the vendors' documentation and not from
 * `@org/core/webhooks`, so the suite checks core against the vendors and not
 * against itself. `timed`: the scheme signs a timestamp (expiry applies);
 * `id`: it carries a delivery id (the replay guard keys on it).
 */
export interface Signer {
  readonly timed: boolean;
  readonly id: boolean;
  sign(input: SignInput): Delivery;
}

const hmac = (hash: 'sha1' | 'sha256', secret: string | Buffer, data: string) =>
  createHmac(hash, secret).update(data);

function jsonOrForm(payload: SignInput['payload']): { body: string; type: string } {
  if ('json' in payload) return { body: JSON.stringify(payload.json), type: 'application/json' };
  return {
    body: new URLSearchParams(payload).toString(),
    type: 'application/x-www-form-urlencoded',
  };
}

/** Header + HMAC-SHA256 of the body alone (GitHub, Meta, Shopify). */
function bodyHmac(
  header: string,
  encoding: 'hex' | 'base64',
  prefix: string,
  idHeader?: string,
): Signer {
  return {
    timed: false,
    id: idHeader !== undefined,
    sign({ secret, url, payload, id }) {
      const { body, type } = jsonOrForm('json' in payload ? payload : { json: payload });
      const signature = prefix + hmac('sha256', secret, body).digest(encoding);
      return {
        url,
        method: 'POST',
        headers: {
          'content-type': type,
          [header]: signature,
          ...(idHeader ? { [idHeader]: id } : {}),
        },
        body,
      };
    },
  };
}

export const SIGNERS: Readonly<Record<string, Signer>> = {
  // https://www.twilio.com/docs/usage/security#validating-requests
  twilio: {
    timed: false,
    id: false,
    sign({ secret, url, payload }) {
      if ('json' in payload) {
        const body = JSON.stringify(payload.json);
        const signed = `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
        const signature = hmac('sha1', secret, signed).digest('base64');
        return {
          url: signed,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
          body,
        };
      }
      const data = Object.keys(payload)
        .sort()
        .reduce((acc, name) => acc + name + payload[name], url);
      return {
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': hmac('sha1', secret, data).digest('base64'),
        },
        body: new URLSearchParams(payload).toString(),
      };
    },
  },
  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
  github: bodyHmac('x-hub-signature-256', 'hex', 'sha256=', 'x-github-delivery'),
  // https://developers.facebook.com/docs/graph-api/webhooks/getting-started
  meta: bodyHmac('x-hub-signature-256', 'hex', 'sha256='),
  // https://shopify.dev/docs/apps/build/webhooks/verify-deliveries
  shopify: bodyHmac('x-shopify-hmac-sha256', 'base64', '', 'x-shopify-event-id'),
  // https://developer.zendesk.com/documentation/webhooks/verifying/
  zendesk: {
    timed: true,
    id: true,
    sign({ secret, url, payload, timestamp, id }) {
      const { body, type } = jsonOrForm('json' in payload ? payload : { json: payload });
      const at = new Date(timestamp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return {
        url,
        method: 'POST',
        headers: {
          'content-type': type,
          'x-zendesk-webhook-signature': hmac('sha256', secret, at + body).digest('base64'),
          'x-zendesk-webhook-signature-timestamp': at,
          'x-zendesk-webhook-invocation-id': id,
        },
        body,
      };
    },
  },
  // https://docs.slack.dev/authentication/verifying-requests-from-slack
  slack: {
    timed: true,
    id: false,
    sign({ secret, url, payload, timestamp }) {
      const { body, type } = jsonOrForm(payload);
      return {
        url,
        method: 'POST',
        headers: {
          'content-type': type,
          'x-slack-signature': `v0=${hmac('sha256', secret, `v0:${timestamp}:${body}`).digest('hex')}`,
          'x-slack-request-timestamp': String(timestamp),
        },
        body,
      };
    },
  },
  // https://docs.stripe.com/webhooks#verify-manually
  stripe: {
    timed: true,
    id: false,
    sign({ secret, url, payload, timestamp }) {
      const { body, type } = jsonOrForm('json' in payload ? payload : { json: payload });
      const v1 = hmac('sha256', secret, `${timestamp}.${body}`).digest('hex');
      return {
        url,
        method: 'POST',
        headers: { 'content-type': type, 'stripe-signature': `t=${timestamp},v1=${v1}` },
        body,
      };
    },
  },
  // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  'standard-webhooks': {
    timed: true,
    id: true,
    sign({ secret, url, payload, timestamp, id }) {
      const { body, type } = jsonOrForm('json' in payload ? payload : { json: payload });
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      const signature = hmac('sha256', key, `${id}.${timestamp}.${body}`).digest('base64');
      return {
        url,
        method: 'POST',
        headers: {
          'content-type': type,
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1,${signature}`,
        },
        body,
      };
    },
  },
};

/** A secret in the form the scheme's vendor hands out. */
export function secretFor(scheme: string): string {
  const bytes = Buffer.from(randomUUID().replaceAll('-', ''), 'hex');
  if (scheme === 'standard-webhooks') return `whsec_${bytes.toString('base64')}`;
  if (scheme === 'stripe') return `whsec_${bytes.toString('hex')}`;
  return bytes.toString('hex');
}
