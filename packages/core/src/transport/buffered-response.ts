type BufferedResponseClass = new (
  payload: string | Uint8Array,
  init: ResponseInit,
  url: string,
  redirected: boolean,
) => Response;

let bufferedClass: BufferedResponseClass | undefined;

/**
 * The class, made on first use: extending the global Response at import
 * time would load Node's fetch (about 40 ms), which a client's import must
 * not pay.
 */
function bufferedResponseClass(): BufferedResponseClass {
  bufferedClass ??= defineBufferedResponse();
  return bufferedClass;
}

/**
 * A Response over a body already in memory (the send paths read bodies
 * inside the attempt). A Response built from a string or bytes wraps them in
 * a ReadableStream at once, and `text()`/`json()` read them back out of it:
 * measured on Node 24, `new Response(string)` then `json()` costs about 8 µs,
 * this class 3 µs. `text()` and `json()` read the kept body directly; the
 * stream, `arrayBuffer()`, `bytes()`, `blob()` and `formData()` come from a
 * real Response over the same body, made when first asked for. `url` and
 * `redirected` are what fetch would report.
 */
function defineBufferedResponse(): BufferedResponseClass {
  const BufferedResponse = class BufferedResponse extends Response {
    readonly #payload: string | Uint8Array;
    readonly #url: string;
    readonly #redirected: boolean;
    #used = false;
    #real: Response | undefined;

    constructor(
      payload: string | Uint8Array,
      init: ResponseInit,
      url: string,
      redirected: boolean,
    ) {
      super(null, init);
      this.#payload = payload;
      this.#url = url;
      this.#redirected = redirected;
    }

    override get url(): string {
      return this.#url;
    }

    override get redirected(): boolean {
      return this.#redirected;
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      return this.#stream().body;
    }

    override get bodyUsed(): boolean {
      return this.#real === undefined ? this.#used : this.#real.bodyUsed;
    }

    override text(): Promise<string> {
      if (this.#real !== undefined) return this.#real.text();
      if (this.#used) return Promise.reject(unusable());
      this.#used = true;
      return Promise.resolve(decode(this.#payload));
    }

    override json(): Promise<any> {
      if (this.#real !== undefined) return this.#real.json();
      if (this.#used) return Promise.reject(unusable());
      this.#used = true;
      try {
        return Promise.resolve(JSON.parse(decode(this.#payload)));
      } catch (error) {
        return Promise.reject(error);
      }
    }

    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#stream().arrayBuffer();
    }

    override bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return this.#stream().bytes();
    }

    override blob(): Promise<Blob> {
      return this.#stream().blob();
    }

    override formData(): Promise<FormData> {
      return this.#stream().formData();
    }

    override clone(): Response {
      if (this.bodyUsed || this.#real?.body?.locked) {
        throw new TypeError('Response.clone: Body has already been consumed.');
      }
      return new BufferedResponse(
        this.#payload,
        { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) },
        this.#url,
        this.#redirected,
      );
    }

    /**
     * The body as a real Response, made once. After text() or json() took the
     * body, its stream is consumed too, so every other read fails as it would.
     */
    #stream(): Response {
      if (this.#real === undefined) {
        this.#real = new Response(this.#payload as BodyInit, {
          status: this.status,
          statusText: this.statusText,
          headers: this.headers,
        });
        if (this.#used) void this.#real.arrayBuffer();
      }
      return this.#real;
    }
  };
  return BufferedResponse;
}

function unusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}

let utf8: TextDecoder | undefined;

/** UTF-8 decoding as Response.text() does it: a leading BOM dropped, bad bytes replaced. */
function decode(payload: string | Uint8Array): string {
  if (typeof payload === 'string')
    return payload.charCodeAt(0) === 0xfeff ? payload.slice(1) : payload;
  utf8 ??= new TextDecoder();
  return utf8.decode(payload);
}

/**
 * The Response a send path hands back: `body` kept in memory (a string or
 * bytes), streamed, or none, with the final `url` and `redirected` fetch
 * would give. Throws RangeError for a status outside 200-599, as the
 * Response constructor does.
 */
export function wireResponse(
  body: string | Uint8Array | ReadableStream<Uint8Array> | null,
  init: ResponseInit,
  url: string,
  redirected: boolean,
): Response {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return new (bufferedResponseClass())(body, init, url, redirected);
  }
  const response = new Response(body, init);
  // A constructed Response has an empty url and redirected false: set what fetch would.
  Object.defineProperty(response, 'url', { value: url });
  if (redirected) Object.defineProperty(response, 'redirected', { value: true });
  return response;
}
