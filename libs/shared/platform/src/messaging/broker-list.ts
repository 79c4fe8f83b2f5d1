/**
 * `AMQP_URL` names one broker node or several, comma-separated (the nodes of one cluster). Returns
 * the URLs in the order given; throws naming the position of the first one that is not an
 * `amqp://` or `amqps://` URL (never its text, which may hold a password).
 */
export function brokerUrls(list: string): string[] {
  const urls = list.split(',').map((url) => url.trim());
  urls.forEach((url, i) => {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'amqp:' && protocol !== 'amqps:') {
      const which = urls.length === 1 ? 'it' : `URL ${i + 1} of ${urls.length}`;
      throw new Error(`expected amqp:// or amqps:// URLs separated by commas; ${which} is not one`);
    }
  });
  return urls;
}

/** Where a broker URL points, without its credentials: for log lines. */
export function brokerAddress(url: string): string {
  return new URL(url).host;
}

/**
 * Which node to connect to next. A connection that holds stays where it is; after a failed attempt
 * or a lost connection the next node in the list is tried (wrapping round), after the initial wait
 * while a pass over the list is under way, and after a wait that doubles with each pass that
 * reached no node.
 */
export class BrokerRotation {
  private index = 0;
  private failures = 0;

  constructor(
    readonly urls: readonly string[],
    private readonly delays: { initialMs: number; maxMs: number } = { initialMs: 200, maxMs: 5000 },
  ) {
    if (urls.length === 0) throw new Error('no broker URL');
  }

  /** The node to connect to now. */
  get current(): string {
    return this.urls[this.index];
  }

  /** The attempt on `current` failed or its connection was lost: moves on, and returns how long to wait before the next attempt. */
  failed(): number {
    this.failures += 1;
    this.index = (this.index + 1) % this.urls.length;
    const passes = Math.floor((this.failures - 1) / this.urls.length);
    return Math.min(this.delays.initialMs * 2 ** passes, this.delays.maxMs);
  }

  /** A connection to `current` is up: the next loss starts a fresh pass. */
  connected(): void {
    this.failures = 0;
  }
}
