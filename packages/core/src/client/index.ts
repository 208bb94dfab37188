export { type ApiClient, type ApiClientOptions, createApiClient } from './create-api-client.js';
export type { OperationMetadata } from './operation-metadata.js';
