import { test, expect } from './fixtures';
import { DashboardPage } from './support/dashboard-page';
import { freePort, startDashboardServer } from './support/dashboard-server';
import { credentials, managementUrl, publish, uniqueName } from './support/stomp-node';

const adminAuth = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

async function managementPut(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${managementUrl}/api/${path}`, {
    method: 'PUT',
    headers: { authorization: adminAuth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path}: HTTP ${response.status}`);
}

test.describe('broker topology', () => {
  test('two panes on one /queue show one shared queue with 2 consumers', async ({ dashboard }) => {
    const queue = uniqueName('shared');
    await dashboard.connect();
    await (await dashboard.subscribe(`/queue/${queue}`, 'tq-a')).expectSubscribed();
    await (await dashboard.subscribe(`/queue/${queue}`, 'tq-b')).expectSubscribed();
    const panel = await dashboard.routing('Topology');
    const a = panel.getByRole('listitem', { name: 'Topology of tq-a' });
    await expect(a).toContainText(queue, { timeout: 20_000 });
    await expect(a).toContainText('2 consumers', { timeout: 20_000 });
    await expect(a).toContainText('round-robin with tq-b');
    await expect(panel.getByRole('listitem', { name: 'Topology of tq-b' })).toContainText(queue);
  });

  test('two panes on /topic show two queues bound to amq.topic', async ({ dashboard }) => {
    const key = uniqueName('bound');
    await dashboard.connect();
    await (await dashboard.subscribe(`/topic/${key}.*`, 'tt-a')).expectSubscribed();
    await (await dashboard.subscribe(`/topic/${key}.*`, 'tt-b')).expectSubscribed();
    const panel = await dashboard.routing('Topology');
    const a = panel.getByRole('listitem', { name: 'Topology of tt-a' });
    const b = panel.getByRole('listitem', { name: 'Topology of tt-b' });
    for (const item of [a, b]) {
      await expect(item).toContainText(`amq.topic (topic) —[${key}.*]→`, { timeout: 20_000 });
      await expect(item).toContainText('1 consumer on this');
    }
    const queueOf = async (item: typeof a) =>
      /stomp-subscription-\S+/.exec((await item.textContent()) ?? '')?.[0];
    const [qa, qb] = [await queueOf(a), await queueOf(b)];
    expect(qa).toBeTruthy();
    expect(qb).toBeTruthy();
    expect(qa).not.toBe(qb);
  });

  test('the panel explains a refused management login while panes keep working', async ({
    dashboard,
    page,
  }) => {
    // A user that may use STOMP but not the management API.
    const user = uniqueName('stomp-only');
    await managementPut(`users/${user}`, { password: 'pw-stomp-only', tags: '' });
    await managementPut(`permissions/%2F/${user}`, { configure: '.*', write: '.*', read: '.*' });
    await page.getByRole('textbox', { name: 'Login' }).fill(user);
    await page.getByLabel('Passcode', { exact: true }).fill('pw-stomp-only');
    await dashboard.connect();
    const topic = uniqueName('nomgmt');
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'no-mgmt');
    await pane.expectSubscribed();
    const status = (await dashboard.routing('Topology')).getByRole('status', {
      name: 'Topology status',
    });
    await expect(status).toContainText('Topology unavailable');
    await expect(status).toContainText(/refused|not allowed|credentials/i);
    await publish(`/topic/${topic}`, ['still', 'working']);
    await pane.expectCount(2);
  });
});

test('the panel says so when the management API is down, and panes keep working', async ({
  page,
}) => {
  // A second dashboard server of this build whose management API points at a closed port.
  const server = await startDashboardServer({
    port: await freePort(),
    env: { STOMPWATCH_PRIVATE_BROKER: '1', STOMPWATCH_MANAGEMENT_URL: 'http://127.0.0.1:9' },
  });
  try {
    await page.goto(`${server.baseUrl}/`);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const dashboard = new DashboardPage(page);
    const topic = uniqueName('mgmt-down');
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'mgmt-down');
    await pane.expectSubscribed();
    const status = (await dashboard.routing('Topology')).getByRole('status', {
      name: 'Topology status',
    });
    await expect(status).toContainText('Topology unavailable');
    await expect(status).toContainText('not reachable at http://127.0.0.1:9');
    await publish(`/topic/${topic}`, ['one', 'two', 'three']);
    await pane.expectCount(3);
  } finally {
    await server.stop();
  }
});
