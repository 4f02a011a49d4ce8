/**
 * A thin HTTP proxy between devices and the sync server that loses or repeats requests on demand,
 * over real sockets: what a flaky rural link does to a request the server has already handled.
 * While the server is down, connections to it are refused and the device's socket is dropped, as
 * an unreachable server looks to fetch.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * 'drop': the server handles the request, the answer never reaches the device. 'repeat': the server
 * gets it twice, the device the second answer. 'hold': the server handles it, the answer waits for
 * `release()` (a slow link while the device does something else). 'stall': the request itself
 * waits for `release()` before the server gets it (a retry that other devices' writes overtake).
 * 'claim-superseded' (a lying server): a push's answer names every conflict in it superseded
 * (docs/SERVER.md).
 */
export type Fault = 'drop' | 'repeat' | 'hold' | 'stall' | 'claim-superseded';
export type FaultTarget = 'push' | 'pull';

export interface FaultyProxy {
  url: string;
  /** The next push or pull through the proxy (from any device) suffers `fault`. */
  arm(fault: Fault, target: FaultTarget): void;
  /** Forgets faults armed and not yet applied. */
  disarm(): void;
  /** Faults applied since the proxy started: to a request the server answered, or a request stalled. */
  applied(): number;
  /** Lets held answers go on to the device, and stalled requests on to the server. */
  release(): void;
  close(): Promise<void>;
}

// Per connection, not per message: the proxy makes its own connections.
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'host'];
const endToEnd = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)));

const targetOf = (method: string | undefined, url: string | undefined): FaultTarget | null => {
  if (method === 'POST' && /\/sync\/[^/]+\/push$/.test(url ?? '')) return 'push';
  if (method === 'GET' && /\/sync\/[^/]+\/pull\?/.test(url ?? '')) return 'pull';
  return null;
};

export async function startFaultyProxy(upstreamPort: number): Promise<FaultyProxy> {
  const faults: { fault: Fault; target: FaultTarget }[] = [];
  let applied = 0;
  const holding = new Set<() => void>();
  const release = () => {
    holding.forEach((resolve) => resolve());
    holding.clear();
  };

  /** One request to the server; `agent: false` so a server shutdown never waits on the proxy's idle sockets. */
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: { ...endToEnd(req.headers), 'content-length': String(body.length) }, agent: false }, resolve);
      upstream.on('error', reject);
      upstream.end(body);
    });
  const drain = (response: IncomingMessage) =>
    new Promise<void>((resolve, reject) => {
      response.on('error', reject).on('end', resolve).resume();
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const target = targetOf(req.method, req.url);
    const at = target === null ? -1 : faults.findIndex((f) => f.target === target);
    const fault = at < 0 ? null : faults.splice(at, 1)[0]!.fault;
    if (fault === 'stall') {
      applied += 1;
      await new Promise<void>((resolve) => holding.add(resolve));
    }
    let response = await forward(req, body);
    if (fault === 'hold' || fault === 'claim-superseded') {
      const answer: Buffer[] = [];
      for await (const chunk of response) answer.push(chunk as Buffer);
      applied += 1;
      let body = Buffer.concat(answer);
      if (fault === 'hold') await new Promise<void>((resolve) => holding.add(resolve));
      else {
        const { conflicts } = JSON.parse(body.toString()) as { conflicts: { id: string }[] };
        body = Buffer.from(JSON.stringify({ conflicts, superseded: conflicts.map((c) => c.id) }));
      }
      res.writeHead(response.statusCode ?? 502, { ...endToEnd(response.headers), 'content-length': String(body.length) }).end(body);
      return;
    }
    if (fault === 'drop' || fault === 'repeat') {
      await drain(response);
      applied += 1;
    }
    if (fault === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault === 'repeat') response = await forward(req, body);
    res.writeHead(response.statusCode ?? 502, endToEnd(response.headers));
    // Streams (server-sent events) flow through as they come; a device that goes away ends its upstream too.
    res.on('close', () => response.destroy());
    // A server that went away mid-answer: the device sees its connection drop, not a short answer.
    response.on('close', () => response.complete || res.destroy());
    response.pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arm: (fault, target) => void faults.push({ fault, target }),
    disarm: () => void faults.splice(0),
    applied: () => applied,
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
