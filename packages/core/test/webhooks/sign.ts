import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** Signing helpers standing in for the vendors, built on node:crypto directly (not on the code under test). */
export const hmacHex = (secret: string | Buffer, ...parts: (string | Buffer)[]) =>
  parts.reduce((mac, part) => mac.update(part), createHmac('sha256', secret)).digest('hex');

export const hmacBase64 = (secret: string | Buffer, ...parts: (string | Buffer)[]) =>
  parts.reduce((mac, part) => mac.update(part), createHmac('sha256', secret)).digest('base64');

export const twilioSign = (token: string, data: string) =>
  createHmac('sha1', token).update(data).digest('base64');

export interface Ed25519Pair {
  privateKey: KeyObject;
  whpk: string;
}

export function ed25519Pair(): Ed25519Pair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { privateKey, whpk: `whpk_${Buffer.from(x, 'base64url').toString('base64')}` };
}

export const ed25519Sign = (pair: Ed25519Pair, content: string | Buffer) =>
  sign(null, Buffer.from(content), pair.privateKey).toString('base64');

export const WHSEC = `whsec_${Buffer.from('a-32-byte-standard-webhooks-key!').toString('base64')}`;
export const WHSEC_KEY = Buffer.from(WHSEC.slice(6), 'base64');

/** Standard Webhooks headers for a body at `ts` (unix seconds). */
export function standardHeaders(body: string, ts: number, id = 'msg_1', key: Buffer = WHSEC_KEY) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': `v1,${hmacBase64(key, `${id}.${ts}.${body}`)}`,
  };
}
