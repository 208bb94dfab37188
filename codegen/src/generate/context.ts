import type { Pack } from '../pack/schema.js';

/** Everything one pack's generators read. */
export interface PackContext {
  readonly pack: Pack;
  /** The OpenAPI document after conversion, overlay and error-response injection. */
  readonly document: Record<string, any>;
  /** SHA-256 of the pinned spec file. */
  readonly specSha256: string;
  /** Version written into package.json and the manifest. */
  readonly version: string;
  /** Repository-relative folder of the pack, e.g. `specs/twilio`. */
  readonly specDir: string;
}

/** `twilio` -> `Twilio`, `azure-communication` -> `AzureCommunication`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
