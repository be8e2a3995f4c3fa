// Public names for the document's wire objects. They are the generated types, in the wire's snake_case.
import type { components, operations } from '../generated/schema.js';

type S = components['schemas'];
export type SignupRequest = S['SignupRequest'];
export type SignupResponse = S['SignupResponse'];
export type MeResponse = S['MeResponse'];
export type SetProviderKeyRequest = S['SetProviderKeyRequest'];
export type Provider = S['Provider'];
export type ProviderMeta = S['ProviderMeta'];
export type CreateApiKeyRequest = S['CreateApiKeyRequest'];
export type ApiKeyOut = S['ApiKeyOut'];
export type ApiKeyCreated = S['ApiKeyCreated'];
export type ChatRequest = S['ChatRequest'];
export type ChatResponse = S['ChatResponse'];
export type Usage = S['Usage'];
export type CompletionRequest = S['CompletionRequest'];
export type ChatCompletion = S['ChatCompletion'];
export type ChatCompletionChunk = S['ChatCompletionChunk'];
export type ModelCard = S['ModelCard'];
export type ModelList = S['ModelList'];
export type Pricing = S['Pricing'];
export type MetricsResponse = S['MetricsResponse'];
export type MetricsQuery = NonNullable<operations['metrics']['parameters']['query']>;
export type HealthResponse = S['HealthResponse'];
export type LivenessResponse = S['LivenessResponse'];
export type ReadinessResponse = S['ReadinessResponse'];
export type VersionResponse = S['VersionResponse'];
export type { Message, MessagesInput, Role } from './messages.js';
