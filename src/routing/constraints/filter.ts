/**
 * The constraint pass: keeps the candidates that may and can serve a request, and says why each other
 * one was dropped. Checks run in a fixed order and the first failing one is the reason reported:
 * policy (key's models, jurisdiction), capabilities (tools, vision, JSON), size (context window, output
 * limit), then health. Order is kept; work is O(candidates).
 */
import type { ModelEntry } from '../registry.js';
import { isModelAllowed } from './allowed-models.js';
import { jurisdictionViolation } from './jurisdiction.js';
import type { ConstraintInput, Exclusion, FilterResult, PolicyInput } from './types.js';

/** The policy check alone (a model the client named directly is held to policy, nothing else). */
export function checkPolicy(entry: ModelEntry, input: PolicyInput): Exclusion | undefined {
  const id = entry.modelId;
  if (!isModelAllowed(id, input.allowedModels)) return { modelId: id, reason: 'key_models', detail: 'not allowed for this key' };
  const j = jurisdictionViolation(entry.provider.jurisdiction, input.jurisdictions);
  if (j) return { modelId: id, reason: 'jurisdiction', detail: j };
  return undefined;
}

/** The first constraint `entry` fails, or undefined when it qualifies. */
export function checkCandidate(entry: ModelEntry, input: ConstraintInput): Exclusion | undefined {
  const policy = checkPolicy(entry, input);
  if (policy) return policy;
  const id = entry.modelId;
  const req = input.requirements;
  const caps = entry.capabilities;
  if (req.tools && !caps.tools) return { modelId: id, reason: 'tools', detail: 'no tool calling' };
  if (req.vision && !caps.vision) return { modelId: id, reason: 'vision', detail: 'no image input' };
  if (req.json && !caps.json) return { modelId: id, reason: 'json', detail: 'no JSON mode' };
  const window = entry.contextWindow;
  // A max_tokens above the model's output limit is lowered to it when sent (Claude Code asks 32000 of every
  // model): the limit is a cap, not a need, so the model is not dropped for it and the fit uses what is sent.
  const out = Math.min(req.maxOutput ?? 0, entry.maxOutput ?? Number.POSITIVE_INFINITY);
  if (window !== undefined && req.inputTokens + out > window) {
    return { modelId: id, reason: 'context', detail: `~${req.inputTokens}${out ? ` + ${out} output` : ''} tokens > ${window} window` };
  }
  if (input.healthy && !input.healthy(id)) return { modelId: id, reason: 'unhealthy', detail: 'circuit open' };
  return undefined;
}

/** Splits `candidates` into eligible (order kept) and excluded (with reasons). */
export function filterCandidates(candidates: readonly ModelEntry[], input: ConstraintInput): FilterResult<ModelEntry> {
  const eligible: ModelEntry[] = [];
  const excluded: Exclusion[] = [];
  for (const c of candidates) {
    const x = checkCandidate(c, input);
    if (x) excluded.push(x);
    else eligible.push(c);
  }
  return { eligible, excluded };
}
