/** Budgets and rate limits: reservations over windows, and GCRA rate rules, in memory, SQLite or Redis. */
export type * from './types.js';
export { BudgetError, type BudgetErrorCode } from './errors.js';
export { openBudgetStore, parseBudgetStoreUrl, type BudgetStoreLocation, type OpenBudgetStoreOptions } from './open.js';
export { planReservation, settleAmounts, upstreamMaxTokens, type RequestEstimate, type ReservationPlan } from './plan.js';
export { windowSpan, type WindowSpan } from './windows.js';
