// A TCP load balancer of the simplest kind: each new connection goes to the next backend in turn,
// and to the one after it when that one refuses. That is what an L4 balancer in front of Temporal
// frontends (or web servers) does, and why the SDK's single address is enough: a client whose
// backend dies reconnects, and the balancer sends it to one that lives.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export interface RoundRobinProxy {
  port: number;
  /** `127.0.0.1:<port>` */
  address: string;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(options: {
  backends: Backend[];
  port?: number;
  host?: string;
}): Promise<RoundRobinProxy> {
  const { backends } = options;
  if (backends.length === 0) throw new Error('a round-robin proxy needs at least one backend');
  const sockets = new Set<Socket>();
  let next = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    const first = next++ % backends.length;
    const attempt = (tried: number) => {
      if (tried === backends.length || client.destroyed) return client.destroy();
      const upstream = connect(backends[(first + tried) % backends.length]!);
      let connected = false;
      // Refused (the backend is down): try the next one. Later errors end both sides (track).
      upstream.once('error', () => {
        if (!connected) attempt(tried + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        track(upstream);
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    address: `${host}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
