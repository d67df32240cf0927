// Serves one PGlite database to many `pg` connections on loopback.
//
// Why not @electric-sql/pglite-socket's server: PGlite is a single session, and that server interleaves
// connections one protocol message at a time, so connection B's Parse can land between connection A's
// Parse and Bind and replace A's unnamed statement ("08P01 bind message supplies …"). Here a connection's
// messages run as one unit up to its Sync (or simple Query), and while a connection is inside a
// transaction no other connection runs at all — the session behaves as each client expects.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const BATCH_END = new Set(['S', 'Q']);

type Batch = { connection: Connection; bytes: Uint8Array };

class Connection {
  private buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  closed = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly submit: (batch: Batch) => void,
  ) {}

  receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      if (message.kind === 'ssl') this.socket.write('N');
      else if (message.kind === 'terminate') this.socket.end();
      else if (message.kind === 'startup') this.submit({ connection: this, bytes: message.bytes });
      else if (message.kind === 'typed') {
        this.pending.push(message.bytes);
        if (BATCH_END.has(message.type)) {
          this.submit({ connection: this, bytes: Buffer.concat(this.pending) });
          this.pending = [];
        }
      }
    }
  }

  private nextMessage(): { kind: 'ssl' | 'cancel' | 'terminate' } | { kind: 'startup'; bytes: Buffer } | { kind: 'typed'; type: string; bytes: Buffer } | null {
    const buffer = this.buffer;
    if (buffer.length >= 8) {
      const length = buffer.readInt32BE(0);
      const code = buffer.readInt32BE(4);
      const untyped = code === SSL_REQUEST || code === CANCEL_REQUEST || code === PROTOCOL_3;
      if (untyped) {
        if (buffer.length < length) return null;
        this.buffer = buffer.subarray(length);
        if (code === SSL_REQUEST) return { kind: 'ssl' };
        if (code === CANCEL_REQUEST) return { kind: 'cancel' };
        return { kind: 'startup', bytes: Buffer.from(buffer.subarray(0, length)) };
      }
    }
    if (buffer.length < 5) return null;
    const total = 1 + buffer.readInt32BE(1);
    if (buffer.length < total) return null;
    const type = String.fromCharCode(buffer[0]!);
    this.buffer = buffer.subarray(total);
    if (type === 'X') return { kind: 'terminate' };
    return { kind: 'typed', type, bytes: Buffer.from(buffer.subarray(0, total)) };
  }
}

export type PgliteServer = { url: string; stop: () => Promise<void> };

export async function servePglite(db: PGlite): Promise<PgliteServer> {
  const queue: Batch[] = [];
  let running = false;
  /** The connection whose transaction is open: only it may run until it ends. */
  let owner: Connection | null = null;
  let nextId = 1;
  const connections = new Set<Connection>();

  const pump = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((batch) => batch.connection === owner) : 0;
        if (index < 0 || queue.length === 0) break;
        const [batch] = queue.splice(index, 1);
        if (!batch || batch.connection.closed) continue;
        await db.runExclusive(() =>
          db.execProtocolRawStream(batch.bytes, {
            onRawData: (chunk) => {
              if (!batch.connection.closed) batch.connection.socket.write(chunk);
            },
          }),
        );
        owner = db.isInTransaction() ? batch.connection : null;
      }
    } finally {
      running = false;
    }
  };

  const server: Server = createServer((socket) => {
    const connection = new Connection(nextId++, socket, (batch) => {
      queue.push(batch);
      void pump();
    });
    connections.add(connection);
    socket.setNoDelay(true);
    socket.on('data', (data) => connection.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.closed = true;
      connections.delete(connection);
      // A client that vanished mid-transaction must not hold the session forever.
      if (owner === connection) {
        owner = null;
        void db.exec('ROLLBACK').finally(() => void pump());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('embedded database server has no TCP port');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${address.port}/postgres?sslmode=disable`,
    async stop() {
      for (const connection of connections) connection.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
