/** A catalog that cannot be read, parsed or validated. `errors` holds one line per problem, path first. */
export class CatalogError extends Error {
  constructor(
    readonly errors: readonly string[],
    readonly origin: string,
  ) {
    super(errors.length === 1 ? `${origin}: ${errors[0]}` : `invalid catalog (${origin}):\n  ${errors.join('\n  ')}`);
    this.name = 'CatalogError';
  }
}
