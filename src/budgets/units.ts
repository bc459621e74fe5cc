/**
 * The largest USD limit per window. Budget stores count pico-dollars (the ledger's unit, so counters
 * equal the ledger exactly) as safe integers, below 2^53 pico = $9,007.199...; config and keys refuse
 * larger limits up front instead of failing every request that meets them.
 */
export const MAX_USD_LIMIT = 9007.19;

/** The smallest USD limit: one micro-dollar (what errors and reports show); below it every request is refused. */
export const MIN_USD_LIMIT = 0.000001;
