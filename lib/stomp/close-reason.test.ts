import { describe, expect, it } from 'vitest';
import {
  classifyClose,
  couldBeAnotherServer,
  suggestWebStompUrl,
  type CloseContext,
} from './close-reason';

const failedHandshake: CloseContext = {
  phase: 'connecting',
  url: 'ws://127.0.0.1:15672/ws',
  login: 'guest',
  vhost: '/',
  code: 1006,
  closeReason: '',
  everConnected: false,
};

describe('suggestWebStompUrl', () => {
  it("points at Web-STOMP's default port and path on the same host", () => {
    expect(suggestWebStompUrl('ws://127.0.0.1:15672')).toBe('ws://127.0.0.1:15674/ws');
    expect(suggestWebStompUrl('wss://mq.internal/stomp')).toBe('wss://mq.internal:15673/ws');
    expect(suggestWebStompUrl('ws://[::1]:80/ws')).toBe('ws://[::1]:15674/ws');
    expect(suggestWebStompUrl('http://h/ws')).toBeNull();
  });
});

describe('classifyClose after a handshake that failed without a word', () => {
  it('is worth a probe only on a first attempt, without any STOMP frame', () => {
    expect(couldBeAnotherServer(failedHandshake)).toBe(true);
    expect(couldBeAnotherServer({ ...failedHandshake, everConnected: true })).toBe(false);
    expect(couldBeAnotherServer({ ...failedHandshake, code: 1000 })).toBe(false);
    expect(
      couldBeAnotherServer({ ...failedHandshake, errorFrame: { message: 'x', body: '' } }),
    ).toBe(false);
    expect(couldBeAnotherServer({ ...failedHandshake, phase: 'connected' })).toBe(false);
  });

  it('says something answered, but not Web-STOMP, and suggests the port and path', () => {
    const verdict = classifyClose({ ...failedHandshake, httpAnswered: true });
    expect(verdict.kind).toBe('transient');
    expect(verdict.reason).toBe(
      'Something answered at 127.0.0.1:15672, but not Web-STOMP: an HTTP server (the management UI on port 15672 is a common one, or a proxy on the way) refused the WebSocket handshake at ws://127.0.0.1:15672/ws. RabbitMQ Web-STOMP listens on port 15674 with path /ws by default: try ws://127.0.0.1:15674/ws.',
    );
  });

  it('names a wrong path as well', () => {
    const verdict = classifyClose({
      ...failedHandshake,
      url: 'ws://127.0.0.1:15674/stomp',
      httpAnswered: true,
    });
    expect(verdict.reason).toContain('Something answered at 127.0.0.1:15674, but not Web-STOMP');
    expect(verdict.reason).toContain('path is "/stomp"; RabbitMQ Web-STOMP listens on /ws');
  });

  it('does not suggest the very URL that failed', () => {
    const verdict = classifyClose({
      ...failedHandshake,
      url: 'ws://h:15674/ws',
      httpAnswered: true,
    });
    expect(verdict.reason).not.toContain('try ws://h:15674/ws');
    expect(verdict.reason).toContain('rabbitmq_web_stomp plugin is enabled');
  });

  it('keeps "Nothing answered" when nothing answered or no probe ran', () => {
    expect(classifyClose({ ...failedHandshake, httpAnswered: false }).reason).toMatch(
      /^Nothing answered a Web-STOMP connection at ws:\/\/127\.0\.0\.1:15672\/ws/,
    );
    expect(classifyClose(failedHandshake).reason).toMatch(/^Nothing answered/);
  });
});
