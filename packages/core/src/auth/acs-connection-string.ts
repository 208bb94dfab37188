import { ConfigurationError } from '../errors/index.js';
import { base64ToBytes } from './base64.js';

/** The two parts of an Azure Communication Services connection string. */
export interface AcsConnectionString {
  /** The resource endpoint without a trailing slash, e.g. `https://contoso.communication.azure.com`. */
  readonly endpoint: string;
  /** The base64 access key, for `hmacSha256Signer`. */
  readonly accessKey: string;
}

/**
 * Parses `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>`.
 * Names are case-insensitive and values may contain `=` (base64 padding).
 * Errors never quote the string: it holds the key.
 */
export function parseAcsConnectionString(connectionString: string): AcsConnectionString {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw new ConfigurationError(
      'The ACS connection string is empty; copy it from the Azure portal (Communication Services resource, Keys).',
    );
  }
  const parts = new Map<string, string>();
  for (const segment of connectionString.split(';')) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    parts.set(segment.slice(0, eq).trim().toLowerCase(), segment.slice(eq + 1).trim());
  }
  const endpoint = parts.get('endpoint');
  const accessKey = parts.get('accesskey');
  if (endpoint === undefined || endpoint === '') {
    throw new ConfigurationError(
      'The ACS connection string has no endpoint=...; expected endpoint=https://<resource>.communication.azure.com/;accesskey=<key>.',
    );
  }
  if (accessKey === undefined || accessKey === '') {
    throw new ConfigurationError(
      'The ACS connection string has no accesskey=...; expected endpoint=https://<resource>.communication.azure.com/;accesskey=<key>.',
    );
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(
      'The ACS connection string endpoint is not a URL; expected https://<resource>.communication.azure.com/.',
    );
  }
  if (url.protocol !== 'https:') {
    throw new ConfigurationError('The ACS connection string endpoint must use https.');
  }
  if (base64ToBytes(accessKey) === undefined) {
    throw new ConfigurationError(
      'The ACS connection string accesskey is not base64; copy the connection string again from the Azure portal.',
    );
  }
  return { endpoint: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), accessKey };
}
