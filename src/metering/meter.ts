/**
 * Metering of one request: its exact cost and the counterfactual cost of the same tokens on the
 * configured premium baseline model. Savings = baseline - actual, and may be negative (a request served by
 * a model dearer than the baseline), which is reported as it is rather than clamped.
 */
import type { Usage } from '../spec/chat.js';
import type { Price } from '../spec/provider.js';
import { costPico } from './money.js';

export interface Metered {
  /** What the request cost, in pico-USD. */
  costPico: number;
  /** What the same tokens would have cost at the baseline model's prices, in pico-USD. */
  baselineCostPico: number;
  /** baselineCostPico - costPico. */
  savingsPico: number;
}

export function meter(usage: Usage, price: Price, baselinePrice: Price): Metered {
  const cost = costPico(usage, price);
  const baseline = costPico(usage, baselinePrice);
  return { costPico: cost, baselineCostPico: baseline, savingsPico: baseline - cost };
}
