export { type ApiClient, type ApiClientOptions, createApiClient } from './create-api-client.js';
