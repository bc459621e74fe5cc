/** A catalog that cannot be read, parsed or validated. `errors` holds one line per problem, path first. */
export class CatalogError extends Error {
  constructor(
    readonly errors: readonly string[],
    readonly origin: string,
    options?: { cause?: unknown },
  ) {
    super(errors.length === 1 ? `${origin}: ${errors[0]}` : `invalid catalog (${origin}):\n  ${errors.join('\n  ')}`, options);
    this.name = 'CatalogError';
  }
}
