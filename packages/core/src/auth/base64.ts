const encoder = new TextEncoder();

/** Standard base64 (RFC 4648 §4) of bytes; btoa keeps this working outside Node. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Base64 of the UTF-8 bytes of `text`, as RFC 7617 §2.1 asks for Basic credentials. */
export function utf8ToBase64(text: string): string {
  return bytesToBase64(encoder.encode(text));
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical padded base64, or returns undefined (atob alone accepts too much). */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length === 0 || !BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
