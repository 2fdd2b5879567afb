// The host app's side of the load balancer: JSON calls to the public URL (the round-robin balancer
// in front of the web servers), sent again when the connection breaks before an answer arrives, the
// way a load balancer retries on another backend. It records every answer's status and every broken
// connection, so a test can tell "a 5xx" from "the web server it talked to was killed".

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  /** The call was sent more than once (an earlier attempt lost its connection). */
  retried: boolean;
}

export class RetryingHttp {
  /** Every status received, in order. */
  readonly statuses: number[] = [];
  /** Attempts whose connection broke (reset, refused, closed) before an answer. */
  connectionErrors = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly apiToken: string,
    private readonly attempts = 5,
  ) {}

  get serverErrors(): number[] {
    return this.statuses.filter((status) => status >= 500);
  }

  post(path: string, body: unknown): Promise<HttpAnswer> {
    return this.send('POST', path, body);
  }

  get(path: string): Promise<HttpAnswer> {
    return this.send('GET', path);
  }

  private async send(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.apiToken}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        // fetch rejects (a TypeError) only when no whole answer came: the connection broke.
        this.connectionErrors++;
        if (attempt >= this.attempts) throw error;
        continue;
      }
      this.statuses.push(status);
      const parsed = text ? (JSON.parse(text) as HttpAnswer['body']) : {};
      return { status, body: parsed, retried: attempt > 1 };
    }
  }
}
