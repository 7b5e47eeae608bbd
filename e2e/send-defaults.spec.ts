import { createServer, type AddressInfo } from 'node:net';
import { test, expect } from './fixtures';
import { collect, managementUrl, uniqueName } from './support/stomp-node';

const THOMAS = 'Thomas est une b*te au Tetris...';

test.describe('what a new user expects of the Send form', () => {
  test('a plain-text body sends as text/plain, byte for byte, without touching anything else', async ({
    dashboard,
  }) => {
    const topic = uniqueName('plain');
    const consumer = await collect(`/topic/${topic}`);
    try {
      await dashboard.connect();
      const form = dashboard.sendForm;
      await dashboard.destination(form).fill(`/topic/${topic}`);
      await form.getByRole('textbox', { name: 'Message body', exact: true }).fill(THOMAS);
      await expect(form.getByRole('combobox', { name: 'Encoding', exact: true })).toHaveValue(
        'text',
      );
      await expect(
        form.getByRole('textbox', { name: 'content-type', exact: true }),
      ).toHaveAccessibleDescription('sends text/plain (the default for text)');
      await form.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
      await expect.poll(() => consumer.messages.length).toBe(1);
      const [message] = consumer.messages;
      expect(message?.headers['content-type']).toBe('text/plain');
      expect(Buffer.from(message?.binaryBody ?? []).equals(Buffer.from(THOMAS, 'utf8'))).toBe(true);
    } finally {
      await consumer.close();
    }
  });

  test('the JSON encoding sends application/json and refuses what is not JSON', async ({
    dashboard,
  }) => {
    const topic = uniqueName('json');
    const consumer = await collect(`/topic/${topic}`);
    try {
      await dashboard.connect();
      await dashboard.fillSend({ destination: `/topic/${topic}`, body: THOMAS, encoding: 'json' });
      await expect(
        dashboard.sendForm.getByRole('textbox', { name: 'content-type', exact: true }),
      ).toHaveAccessibleDescription('sends application/json (the default for json)');
      await expect(dashboard.sendForm.getByLabel('JSON check')).toContainText('Not valid JSON');
      await dashboard.sendForm.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(dashboard.sendStatus).toContainText('Nothing was sent: Not valid JSON');
      await dashboard.send({
        destination: `/topic/${topic}`,
        body: '{"player": "Thomas", "lines": 3}',
        encoding: 'json',
      });
      await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
      await expect.poll(() => consumer.messages.length).toBe(1);
      expect(consumer.messages[0]?.headers['content-type']).toBe('application/json');
      expect(consumer.messages[0]?.body).toBe('{"player": "Thomas", "lines": 3}');
    } finally {
      await consumer.close();
    }
  });

  test('hex bodies go out as application/octet-stream unless the user sets a type', async ({
    dashboard,
  }) => {
    const topic = uniqueName('bytes');
    const consumer = await collect(`/topic/${topic}`);
    try {
      await dashboard.connect();
      await dashboard.send({
        destination: `/topic/${topic}`,
        body: '89 50 4e 47',
        encoding: 'hex',
      });
      await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
      await dashboard.send({
        destination: `/topic/${topic}`,
        body: '89 50 4e 47',
        encoding: 'hex',
        contentType: 'image/png',
      });
      await expect.poll(() => consumer.messages.length).toBe(2);
      expect(consumer.messages.map((message) => message.headers['content-type'])).toEqual([
        'application/octet-stream',
        'image/png',
      ]);
    } finally {
      await consumer.close();
    }
  });

  test('hints are descriptions: the accessible names are exactly those of the contract', async ({
    dashboard,
    page,
  }) => {
    const brokerUrl = page.getByRole('textbox', { name: 'Broker URL', exact: true });
    await expect(brokerUrl).toHaveAccessibleName('Broker URL');
    await expect(brokerUrl).toHaveAccessibleDescription(/comma-separated, fail over/);
    const body = dashboard.sendForm.getByRole('textbox', { name: 'Message body', exact: true });
    await expect(body).toHaveAccessibleName('Message body');
    await expect(body).toHaveAccessibleDescription(/\{\{i\}\} \(1…N\)/);
    const headers = dashboard.sendForm.getByRole('textbox', { name: 'Headers', exact: true });
    await expect(headers).toHaveAccessibleName('Headers');
    await expect(headers).toHaveAccessibleDescription(/One "name: value" a line/);
  });
});

test.describe('the Delivery preview informs, and warns only about real losses', () => {
  test('a destination no pane listens to is information, naming the send it is about', async ({
    dashboard,
  }) => {
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/queue/${uniqueName('jobs')}`, uniqueName('q'));
    await pane.expectSubscribed();
    const destination = `/exchange/amq.topic/${uniqueName('nobody')}`;
    await dashboard.destination(dashboard.sendForm).fill(destination);
    const preview = dashboard.sendForm.getByRole('region', { name: 'Delivery preview' });
    await expect(preview).toContainText(`If you send to ${destination} now:`);
    await expect(preview).toContainText('No pane gets these messages.');
    await expect(preview).not.toContainText('Messages would be lost');
  });

  test('a send RabbitMQ would drop for certain is a warning', async ({ dashboard }) => {
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/queue/${uniqueName('jobs')}`, uniqueName('q'));
    await pane.expectSubscribed();
    const missing = uniqueName('missing');
    await dashboard.destination(dashboard.sendForm).fill(`/amq/queue/${missing}`);
    const preview = dashboard.sendForm.getByRole('region', { name: 'Delivery preview' });
    // The broker's queue list comes from the management API, a moment after connecting.
    await expect(preview).toContainText(
      `Messages would be lost: Queue ${missing} was not among the broker's queues`,
    );
  });

  test('while disconnected, the preview says nothing is sent until connected', async ({
    dashboard,
  }) => {
    const topic = uniqueName('offline');
    await dashboard.subscribe(`/topic/${topic}.#`, uniqueName('off'));
    await dashboard.destination(dashboard.sendForm).fill(`/topic/${topic}.a`);
    const preview = dashboard.sendForm.getByRole('region', { name: 'Delivery preview' });
    await expect(preview).toContainText(
      `Not connected: nothing is sent to /topic/${topic}.a until you connect.`,
    );
    await expect(preview).toContainText('Once connected:');
    await expect(preview).not.toContainText('now:');
  });
});

test.describe('a URL that answers HTTP but is not Web-STOMP', () => {
  test('the management port says something answered, and suggests the Web-STOMP port and path', async ({
    dashboard,
    page,
  }) => {
    const management = new URL(managementUrl);
    const url = `ws://${management.host}/ws`;
    await page.getByRole('textbox', { name: 'Broker URL', exact: true }).fill(url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(
      `error: Something answered at ${management.host}, but not Web-STOMP`,
    );
    await expect(dashboard.connectionStatus).toContainText(
      `try ws://${management.hostname}:15674/ws`,
    );
  });

  test('a port where nothing listens still says nothing answered', async ({ dashboard, page }) => {
    const port = await closedPort();
    await page
      .getByRole('textbox', { name: 'Broker URL', exact: true })
      .fill(`ws://127.0.0.1:${port}/ws`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(
      `error: Nothing answered a Web-STOMP connection at ws://127.0.0.1:${port}/ws`,
    );
  });
});

/** A port nothing listens on (one the system just handed out and took back), which browsers do not block. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
