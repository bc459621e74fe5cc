/**
 * What routing reads from a request besides the prompt text, kept in the ledger (`routing` column) so
 * that `switchyard export` traces replay with the decisions the gateway made, prompt logging or not:
 *
 *   {"input_tokens": 1834, "max_tokens": 512, "stream": true, "tools": ["get_weather"], "tool_choice": "auto",
 *    "response_format": "json_object", "images": 1,
 *    "headers": {"x-switchyard-quality": "0.8"}, "metadata": {"tier": "gold"}}
 *
 * `input_tokens` is the gateway's own estimate (what rules and the context check saw, not the provider's
 * count). Headers and metadata are only those routing looks at: `x-switchyard-quality`,
 * `x-switchyard-jurisdictions`, and the names the config's `rules` conditions use; credentials are never
 * kept, whatever a rule names (a name that looks like one, e.g. `x-auth-token`, is left out). The key's own
 * jurisdiction lists are kept too (`key_jurisdictions`), since they constrain routing like the header.
 */
import type { Config } from '../config/types.js';
import type { ChatRequest, ToolDefinition } from '../spec/chat.js';
import { JURISDICTION_HEADER } from './constraints/jurisdiction.js';
import { imageCount } from './constraints/requirements.js';
import type { JurisdictionLists } from './constraints/types.js';
import { QUALITY_HEADER } from './strategies/auto-threshold.js';
import { rulesOptions } from './strategies/rules-schema.js';
import { isCredentialName } from '../util/credential-name.js';

export interface RoutingInputs {
  input_tokens: number;
  max_tokens?: number;
  stream?: boolean;
  tools?: string[];
  tool_choice?: string;
  response_format?: string;
  images?: number;
  headers?: Record<string, string>;
  metadata?: Record<string, string>;
  key_jurisdictions?: JurisdictionLists;
}

/** Header and metadata names routing reads under a config. */
export interface WatchedNames {
  headers: readonly string[];
  metadata: readonly string[];
  /** Names rules read that are never recorded (credential-like): a replay cannot match on them. */
  unrecorded: readonly string[];
}

const VALUE_MAX = 200;
const TOOLS_MAX = 64;

const watchedCache = new WeakMap<Config, WatchedNames>();

/** The header names (lower-case) and metadata keys routing can read under `config`. */
export function watchedNames(config: Config): WatchedNames {
  const hit = watchedCache.get(config);
  if (hit) return hit;
  const headers = new Set([QUALITY_HEADER, JURISDICTION_HEADER]);
  const metadata = new Set<string>();
  for (const route of Object.values(config.routes)) {
    if (route.strategy !== 'rules' || rulesOptions.check(route).length) continue;
    for (const rule of rulesOptions.parse(route).rules) {
      for (const name of Object.keys(rule.when?.headers ?? {})) headers.add(name.toLowerCase());
      for (const key of Object.keys(rule.when?.metadata ?? {})) metadata.add(key);
    }
  }
  const kept = (name: string): boolean => !isCredentialName(name);
  const names = {
    headers: [...headers].filter(kept),
    metadata: [...metadata].filter(kept),
    unrecorded: [...[...headers].filter(isCredentialName), ...[...metadata].filter(isCredentialName).map((k) => `metadata.${k}`)],
  };
  watchedCache.set(config, names);
  return names;
}

function toolName(tool: ToolDefinition): string {
  return tool.function.name.slice(0, VALUE_MAX);
}

/** The routing inputs of a request as the ledger's JSON text. */
export function routingInputsJson(
  request: ChatRequest,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  inputTokens: number,
  watched: WatchedNames,
  keyJurisdictions?: JurisdictionLists,
): string {
  const out: RoutingInputs = { input_tokens: inputTokens };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  if (request.stream === true) out.stream = true;
  if (request.tools?.length) out.tools = request.tools.slice(0, TOOLS_MAX).map(toolName);
  if (typeof request.tool_choice === 'string') out.tool_choice = request.tool_choice;
  if (request.response_format) out.response_format = request.response_format.type;
  const images = imageCount(request);
  if (images > 0) out.images = images;
  for (const name of watched.headers) {
    const v = headers[name];
    if (v === undefined) continue;
    (out.headers ??= {})[name] = (Array.isArray(v) ? v.join(', ') : v).slice(0, VALUE_MAX);
  }
  for (const key of watched.metadata) {
    const v = request.metadata?.[key];
    if (typeof v === 'string') (out.metadata ??= {})[key] = v.slice(0, VALUE_MAX);
  }
  if (keyJurisdictions && (keyJurisdictions.allow || keyJurisdictions.deny)) out.key_jurisdictions = keyJurisdictions;
  return JSON.stringify(out);
}
