/**
 * Types of the constraint pass: what a request needs from a model, the policies that restrict the choice,
 * and why a candidate was excluded. Constraints run before any strategy chooses, so a choice is always
 * made among models that can serve the request and may serve it.
 */

/** Why a candidate model was excluded, in the order the checks run (the first failing one is reported). */
export type ExclusionReason =
  /** The model's provider is not configured (only reported when a route lists it). */
  | 'unavailable'
  /** The virtual key may not use this model. */
  | 'key_models'
  /** Its provider's jurisdiction is not allowed (key, route or `x-switchyard-jurisdictions`). */
  | 'jurisdiction'
  /** The request has tools and the model cannot call tools. */
  | 'tools'
  /** The request has images and the model has no vision. */
  | 'vision'
  /** The request asks for `response_format` json_object / json_schema and the model has no JSON mode. */
  | 'json'
  /** Estimated input + requested `max_tokens` exceed the model's context window. */
  | 'context'
  /** The requested `max_tokens` exceeds the model's output limit. */
  | 'max_output'
  /** The provider is unhealthy (circuit open). */
  | 'unhealthy';

export interface Exclusion {
  modelId: string;
  reason: ExclusionReason;
  /** A short human explanation, e.g. `~140000 input + 4096 output > 131072 window`. */
  detail: string;
}

/** What a request needs from a model; derived once per request. */
export interface Requirements {
  /** Estimated input tokens (or the caller's better number, e.g. observed usage in the simulator). */
  inputTokens: number;
  /** `max_completion_tokens ?? max_tokens`, when the client set one. */
  maxOutput?: number;
  tools: boolean;
  vision: boolean;
  json: boolean;
}

/** Allow and deny lists of jurisdiction codes, as a key carries them (absent: no restriction). */
export interface JurisdictionLists {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/** One jurisdiction restriction. Codes are upper-case ISO country codes (`local` and `unknown` as `LOCAL`, `UNKNOWN`). */
export interface JurisdictionPolicy {
  /** Where the restriction comes from, for messages: `key`, `route smart`, `header`. */
  source: string;
  /** Only these jurisdictions (absent or empty: any). */
  allow?: readonly string[];
  /** Never these. */
  deny?: readonly string[];
}

/** The policy part of the constraints: who may use what, where. */
export interface PolicyInput {
  /** The key's allowed model ids, globs or regexes; undefined = every model. */
  allowedModels?: readonly (string | RegExp)[];
  /** All restrictions; a model must satisfy every one. */
  jurisdictions: readonly JurisdictionPolicy[];
}

/** Everything the constraint pass needs besides the candidates. */
export interface ConstraintInput extends PolicyInput {
  requirements: Requirements;
  /** Provider health; undefined = all healthy. */
  healthy?: (modelId: string) => boolean;
}

export interface FilterResult<T> {
  eligible: T[];
  excluded: Exclusion[];
}
