import { WebSocketServer } from 'ws';

/**
 * A stand-in for someone else's Web-STOMP listener on loopback: it accepts WebSockets and records
 * every frame it is sent, answering nothing. Tests read what a page would have given away.
 */
export class RecordingListener {
  readonly frames: string[] = [];
  connections = 0;
  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      this.connections += 1;
      socket.on('message', (data) =>
        this.frames.push(Buffer.from(data as Buffer).toString('utf8')),
      );
    });
  }

  static async start(): Promise<RecordingListener> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => [...protocols][0] ?? false,
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new RecordingListener(server);
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the listener is not on a TCP port');
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
