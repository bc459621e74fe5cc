/** A command-line failure: printed as one line `switchyard: <message>` on stderr, exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export function fail(message: string): never {
  throw new CliError(message);
}
