/**
 * A push body is scanned as it arrives, before anything parses it whole: JSON.parse of 16 MiB of
 * deep nesting or of millions of tiny values blocks the event loop for seconds (and every other
 * practice with it). The scan counts nesting and separators byte by byte (a UTF-8 multi-byte
 * sequence never contains the ASCII quote or backslash) and fails the request at the first byte
 * over a limit, so a hostile body costs the server a few kilobytes of work, not a parse.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from './errors';

export interface JsonShapeLimits {
  /** Deepest nesting of arrays and objects. */
  depth: number;
  /** Most `,` and `:` outside strings (about twice the number of values). */
  separators: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

export class JsonShapeGuard extends Transform {
  private depth = 0;
  private separators = 0;
  private inString = false;
  private escaped = false;
  /** fastify compares this with Content-Length once the body ends (see its preParsing docs). */
  receivedEncodedLength = 0;

  constructor(
    private readonly limits: JsonShapeLimits,
    private readonly source: { receivedEncodedLength?: number },
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength = this.source.receivedEncodedLength ?? this.receivedEncodedLength + chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
        if (++this.depth > this.limits.depth) return callback(new HttpError(400, 'bad_request', `Invalid push: JSON nested deeper than ${this.limits.depth} levels`));
      } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) this.depth -= 1;
      else if (byte === COMMA || byte === COLON) {
        if (++this.separators > this.limits.separators) return callback(new HttpError(400, 'bad_request', 'Invalid push: too many values in one request'));
      }
    }
    callback(null, chunk);
  }
}
