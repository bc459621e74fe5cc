/**
 * The emulator's URL table, built once: a path maps to what it serves and which preset's quirks apply.
 * An exact Map lookup keeps routing off the profile.
 */
import type { Protocol } from './errors.js';
import { PRESETS, PRESET_NAMES, type Preset } from './presets.js';

export type RouteKind = 'chat' | 'messages' | 'count_tokens' | 'models' | 'anthropic_models';

export interface Route {
  kind: RouteKind;
  method: 'GET' | 'POST';
  protocol: Protocol;
  /** Quirks for OpenAI-protocol replies (`openai` for the bare `/v1` paths and Anthropic routes). */
  preset: Preset;
}

function buildRoutes(): Map<string, Route> {
  const routes = new Map<string, Route>();
  const add = (path: string, kind: RouteKind, method: Route['method'], protocol: Protocol, preset: Preset): void => {
    routes.set(path, { kind, method, protocol, preset });
  };
  const openaiPrefixes: Array<[string, Preset]> = [['', PRESETS.openai], ...PRESET_NAMES.map((p): [string, Preset] => [`/${p}`, PRESETS[p]])];
  for (const [prefix, preset] of openaiPrefixes) {
    // Also without `/v1`: DeepSeek documents its base URL both ways.
    add(`${prefix}/v1/chat/completions`, 'chat', 'POST', 'openai', preset);
    add(`${prefix}/chat/completions`, 'chat', 'POST', 'openai', preset);
    add(`${prefix}/v1/models`, 'models', 'GET', 'openai', preset);
    add(`${prefix}/models`, 'models', 'GET', 'openai', preset);
  }
  const anthropicPrefixes = ['', '/anthropic', ...PRESET_NAMES.map((p) => `/${p}/anthropic`)];
  for (const prefix of anthropicPrefixes) {
    add(`${prefix}/v1/messages`, 'messages', 'POST', 'anthropic', PRESETS.openai);
    add(`${prefix}/v1/messages/count_tokens`, 'count_tokens', 'POST', 'anthropic', PRESETS.openai);
    if (prefix !== '') add(`${prefix}/v1/models`, 'anthropic_models', 'GET', 'anthropic', PRESETS.openai);
  }
  return routes;
}

export const ROUTES: ReadonlyMap<string, Route> = buildRoutes();

/** The path without its query string. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
