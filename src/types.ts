// Public names for the document's wire objects. They are the generated types, in the wire's snake_case.
import type { components, operations } from '../generated/schema.js';

export type { components, operations, paths } from '../generated/schema.js';

/** Every schema of the document, by name. */
export type Schemas = components['schemas'];
export type SignupRequest = Schemas['SignupRequest'];
export type SignupResponse = Schemas['SignupResponse'];
export type MeResponse = Schemas['MeResponse'];
export type SetProviderKeyRequest = Schemas['SetProviderKeyRequest'];
export type Provider = Schemas['Provider'];
export type ProviderMeta = Schemas['ProviderMeta'];
export type CreateApiKeyRequest = Schemas['CreateApiKeyRequest'];
export type ApiKeyOut = Schemas['ApiKeyOut'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type ChatRequest = Schemas['ChatRequest'];
export type ChatResponse = Schemas['ChatResponse'];
export type Usage = Schemas['Usage'];
export type CompletionRequest = Schemas['CompletionRequest'];
export type ChatCompletion = Schemas['ChatCompletion'];
export type ChatCompletionChunk = Schemas['ChatCompletionChunk'];
export type ModelCard = Schemas['ModelCard'];
export type ModelList = Schemas['ModelList'];
export type Pricing = Schemas['Pricing'];
export type MetricsResponse = Schemas['MetricsResponse'];
export type MetricsQuery = NonNullable<operations['metrics']['parameters']['query']>;
export type HealthResponse = Schemas['HealthResponse'];
export type LivenessResponse = Schemas['LivenessResponse'];
export type ReadinessResponse = Schemas['ReadinessResponse'];
export type VersionResponse = Schemas['VersionResponse'];
export type { Message, MessagesInput, Role } from './messages.js';
