/**
 * Errors the budget stores throw. These are programming or infrastructure errors (bad input, a reused
 * reservation id, a store that cannot answer); a refused budget is a normal result, never an exception.
 */
export type BudgetErrorCode = 'invalid_input' | 'duplicate_reservation' | 'amounts_mismatch' | 'store_error';

export class BudgetError extends Error {
  constructor(
    readonly code: BudgetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BudgetError';
  }
}

export function invalid(message: string): BudgetError {
  return new BudgetError('invalid_input', message);
}
