import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SERVICE_NAMES, ServiceName } from '@lib/messaging';

/** One push delivery as it passed through the recorder. */
export interface RecordedPush {
  service: ServiceName;
  subscription: string;
  messageId: string;
  status: number;
  outcome: string | undefined;
}

/**
 * An observing reverse proxy for push deliveries: the emulator's subscriptions push to
 * `<recorder>/<service>/pubsub`, it forwards the request unchanged to the service and hands the
 * service's answer back unchanged, noting message id, status and outcome. It answers nothing itself.
 */
export class PushRecorder {
  readonly deliveries: RecordedPush[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(serviceUrls: Record<ServiceName, string>): Promise<PushRecorder> {
    let recorder: PushRecorder | undefined = undefined;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void recorder!.forward(serviceUrls, request, Buffer.concat(chunks), response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    recorder = new PushRecorder(server);
    return recorder;
  }

  urls(): Record<ServiceName, string> {
    const { port } = this.server.address() as AddressInfo;
    return Object.fromEntries(SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${port}/${service}`])) as Record<ServiceName, string>;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(serviceUrls: Record<ServiceName, string>, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) {
    const [, service, ...rest] = (request.url ?? '').split('/');
    if (!(SERVICE_NAMES as readonly string[]).includes(service)) {
      response.statusCode = 404;
      response.end(`push recorder: no service ${service}`);
      return;
    }
    const envelope = JSON.parse(body.toString('utf8')) as { subscription: string; message: { messageId: string } };
    try {
      const answer = await fetch(`${serviceUrls[service as ServiceName]}/${rest.join('/')}`, {
        method: request.method,
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        body,
      });
      const text = await answer.text();
      let outcome: string | undefined;
      try {
        outcome = (JSON.parse(text) as { outcome?: string }).outcome;
      } catch {
        outcome = undefined;
      }
      this.deliveries.push({
        service: service as ServiceName,
        subscription: envelope.subscription.split('/').pop()!,
        messageId: envelope.message.messageId,
        status: answer.status,
        outcome,
      });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(text);
    } catch (error) {
      this.deliveries.push({ service: service as ServiceName, subscription: envelope.subscription, messageId: envelope.message.messageId, status: 502, outcome: 'recorder_error' });
      response.statusCode = 502;
      response.end(`push recorder: forwarding to ${service} failed: ${(error as Error).message}`);
    }
  }
}
