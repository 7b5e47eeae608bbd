import { describe, expect, it } from 'vitest';
import { explainRefusedSend, silentDropNote } from './refused-send';

const silentClose = 'The connection to ws://h/ws closed (code 1000, "STOMP died").';

describe('explainRefusedSend', () => {
  it('blames a missing exchange for /exchange/ destinations', () => {
    expect(explainRefusedSend('/exchange/orders/new', silentClose)).toBe(
      'The broker closed the connection after SEND to /exchange/orders/new: the exchange "orders" probably does not exist. Declare it first (management UI → Exchanges), or send to /topic/…, which uses the built-in amq.topic.',
    );
  });

  it('explains reserved amq. queue names and /amq/queue/', () => {
    expect(explainRefusedSend('/queue/amq.x', silentClose)).toMatch(
      /names starting with "amq\." are reserved/,
    );
    expect(explainRefusedSend('/amq/queue/missing', silentClose)).toMatch(
      /the queue "missing" may not exist .*send to \/queue\/missing, which declares it/,
    );
  });

  it('quotes the ERROR frame when there was one', () => {
    const reason =
      "The broker reported an error and closed the connection: access_refused: write access to exchange 'x' refused.";
    expect(explainRefusedSend('/exchange/x/k', reason)).toMatch(
      /: access refused \(the broker said: access_refused: write access to exchange 'x' refused\)\. The user lacks write permission/,
    );
  });

  it('says when it cannot tell', () => {
    expect(explainRefusedSend('/topic/a', silentClose)).toMatch(
      /without saying why\. Usual causes/,
    );
  });
});

describe('silentDropNote', () => {
  it('warns only for /amq/queue/', () => {
    expect(silentDropNote('/amq/queue/jobs')).toMatch(
      /If the queue "jobs" does not exist, RabbitMQ drops/,
    );
    expect(silentDropNote('/queue/jobs')).toBeNull();
    expect(silentDropNote('/topic/jobs')).toBeNull();
  });
});
