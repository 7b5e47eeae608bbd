import { describe, expect, it } from 'vitest';
import bindings from './fixtures/bindings.json';
import connections from './fixtures/connections.json';
import consumers from './fixtures/consumers.json';
import exchanges from './fixtures/exchanges.json';
import overview from './fixtures/overview.json';
import queues from './fixtures/queues.json';
import { sanitizeManagementResponse } from './sanitize';

const keysOf = (items: object[]) => new Set(items.flatMap((item) => Object.keys(item)));

describe('sanitizeManagementResponse on RabbitMQ 3.10.8 answers', () => {
  it('keeps the queue fields the dashboard shows and nothing else', () => {
    const result = sanitizeManagementResponse('queues', queues);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(queues.length);
    expect(keysOf(result.value)).toEqual(
      new Set([
        'name',
        'vhost',
        'durable',
        'auto_delete',
        'exclusive',
        'type',
        'consumers',
        'messages',
        'messages_ready',
        'messages_unacknowledged',
        'arguments',
      ]),
    );
    expect(result.value.find((q) => q.name === 'jobs')).toEqual({
      name: 'jobs',
      vhost: '/',
      durable: true,
      auto_delete: false,
      exclusive: false,
      type: 'classic',
      consumers: 2,
      messages: 0,
      messages_ready: 0,
      messages_unacknowledged: 0,
      arguments: {},
    });
  });

  it('trims exchanges and bindings', () => {
    const ex = sanitizeManagementResponse('exchanges', exchanges);
    expect(ex.ok && keysOf(ex.value)).toEqual(
      new Set(['name', 'vhost', 'type', 'durable', 'auto_delete', 'internal']),
    );
    const b = sanitizeManagementResponse('bindings', bindings);
    expect(b.ok && keysOf(b.value)).toEqual(
      new Set([
        'source',
        'destination',
        'destination_type',
        'routing_key',
        'vhost',
        'properties_key',
        'arguments',
      ]),
    );
  });

  it('keeps the broker’s publish and deliver rates of a queue, and nothing else of its statistics', () => {
    const result = sanitizeManagementResponse('queues', [
      {
        name: 'jobs',
        vhost: '/',
        message_stats: {
          publish: 10,
          publish_details: { rate: 2.5 },
          deliver_get_details: { rate: 2 },
          ack_details: { rate: 1 },
        },
      },
    ]);
    expect(result.ok && result.value[0]?.message_stats).toEqual({
      publish_details: { rate: 2.5 },
      deliver_get_details: { rate: 2 },
    });
  });

  it('trims consumers, including their channel details', () => {
    const result = sanitizeManagementResponse('consumers', consumers);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value[0]).toEqual({
      consumer_tag: 'T_A',
      queue: { name: 'jobs', vhost: '/' },
      channel_details: {
        connection_name: expect.stringMatching(/ -> 127\.0\.0\.1:15734$/),
        peer_host: '127.0.0.1',
        peer_port: expect.any(Number),
      },
      ack_required: false,
      prefetch_count: 0,
      exclusive: false,
      active: true,
    });
    expect(JSON.stringify(result.value)).not.toContain('"user"');
  });

  it('drops client properties and everything else credential-like from connections', () => {
    const result = sanitizeManagementResponse('connections', connections);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const allowed = [
      'name',
      'vhost',
      'user',
      'peer_host',
      'peer_port',
      'state',
      'protocol',
      'connected_at',
    ];
    for (const key of keysOf(result.value)) expect(allowed).toContain(key);
    expect(result.value[0]).toMatchObject({ vhost: '/', user: 'guest', protocol: 'Web STOMP 1.2' });
    expect(JSON.stringify(result.value)).not.toMatch(/client_properties|user_who_performed_action/);
  });

  it('keeps only the broker identity from the overview', () => {
    expect(sanitizeManagementResponse('overview', overview)).toEqual({
      ok: true,
      value: {
        rabbitmq_version: '3.10.8',
        management_version: '3.10.8',
        cluster_name: 'stompwatch-mgmt@vm',
        node: 'stompwatch-mgmt@localhost',
      },
    });
  });
});

describe('sanitizeManagementResponse on odd answers', () => {
  it('drops unknown fields, even ones that look secret', () => {
    const result = sanitizeManagementResponse('connections', [
      {
        name: 'c1',
        user: 'guest',
        client_properties: { passcode: 'hunter2', capabilities: {} },
        password: 'hunter2',
        auth_mechanism: 'PLAIN',
        ssl_cert: '---',
      },
    ]);
    expect(result).toEqual({ ok: true, value: [{ name: 'c1', user: 'guest' }] });
  });

  it('drops a field of the wrong type instead of failing the answer', () => {
    const result = sanitizeManagementResponse('queues', [
      { name: 'q', vhost: '/', messages: 'lots', durable: 'yes', consumers: 3 },
    ]);
    expect(result).toEqual({ ok: true, value: [{ name: 'q', vhost: '/', consumers: 3 }] });
  });

  it('accepts the empty list RabbitMQ writes for missing channel details', () => {
    const result = sanitizeManagementResponse('consumers', [
      { consumer_tag: 'T_x', queue: { name: 'q', vhost: '/', extra: 1 }, channel_details: [] },
    ]);
    expect(result).toEqual({
      ok: true,
      value: [{ consumer_tag: 'T_x', queue: { name: 'q', vhost: '/' } }],
    });
  });

  it('drops list items without their identifying fields', () => {
    const result = sanitizeManagementResponse('queues', [
      { vhost: '/' },
      null,
      'jobs',
      { name: 'kept', vhost: '/' },
    ]);
    expect(result).toEqual({ ok: true, value: [{ name: 'kept', vhost: '/' }] });
  });

  it('fails, without repeating the body, when the shape is wrong', () => {
    const list = sanitizeManagementResponse('queues', { error: 'secret upstream text' });
    expect(list).toEqual({
      ok: false,
      error: 'The management API answered queues with something other than a list.',
    });
    const object = sanitizeManagementResponse('overview', ['secret upstream text']);
    expect(object.ok).toBe(false);
    if (!object.ok) expect(object.error).not.toContain('secret');
  });

  it('keeps queue arguments as JSON values', () => {
    const result = sanitizeManagementResponse('queues', [
      { name: 'q', vhost: '/', arguments: { 'x-queue-type': 'quorum', 'x-max-length': 10 } },
    ]);
    expect(result.ok && result.value[0]?.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-max-length': 10,
    });
  });
});
