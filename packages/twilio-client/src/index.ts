// From core's root, which the generated client loads anyway: the
// @org/core/pagination subpath would be one more module on the import path.
export { paginate } from '@org/core';
export {
  createTwilioClient,
  type TwilioClient,
  type TwilioClientOptions,
  type TwilioCredentials,
  type TwilioRegionalServer,
} from './generated/client.js';
export { type Manifest, manifest } from './generated/manifest.js';
export { type OperationMetadata, operationTable } from './generated/operations.js';
export type { components, operations, paths } from './generated/types.js';
export {
  createTwilioStatusCallbackVerifier,
  type TwilioStatusCallbackVerifierOptions,
} from './generated/webhooks.js';
export type { CreateMessageParams, MessagePage, TwilioErrorBody, TwilioMessage } from './types.js';
