/**
 * Key names of the Redis store. One hash tag for everything, so a step spanning a key's, a project's and
 * a session's counters stays in one cluster slot (at the price of one slot holding all budget state;
 * shard by running separate prefixes if that ever binds).
 */
export class RedisKeys {
  private readonly tag: string;

  constructor(prefix: string) {
    if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new RangeError(`redis key prefix "${prefix}" must match [A-Za-z0-9_.:-]+`);
    this.tag = `{${prefix}}`;
  }

  counter(key: string): string {
    return `${this.tag}:c:${key}`;
  }

  holds(key: string): string {
    return `${this.tag}:h:${key}`;
  }

  reservation(id: string): string {
    return this.reservationPrefix + id;
  }

  get reservationPrefix(): string {
    return `${this.tag}:r:`;
  }

  get leases(): string {
    return `${this.tag}:leases`;
  }

  rate(key: string): string {
    return `${this.tag}:t:${key}`;
  }

  /** A SCAN pattern for every key of this prefix (tests and tooling). */
  get pattern(): string {
    return `${this.tag.replace(/[{}[\]*?\\]/g, (c) => `\\${c}`)}:*`;
  }
}
