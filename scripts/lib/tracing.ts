import type { StompwatchConfig } from '../../lib/config/env';
import { err, errorMessage, ok, type Result } from '../../lib/util/result';
import type { BrokerStatus } from './rabbitmq';

/**
 * `npm run broker -- trace on|off`: turns RabbitMQ's firehose (tracing) on or off in the
 * configured vhost of the PRIVATE broker only, through its management API
 * (`PUT /api/vhosts/<vhost>` `{"tracing": …}`, the same as `rabbitmqctl trace_on -p <vhost>`).
 * A broker this tooling did not start is left alone: tracing copies every message of the vhost,
 * a decision for whoever runs that broker. The dashboard itself never turns it on.
 */
export interface TracingDeps {
  status: (config: StompwatchConfig) => Promise<BrokerStatus>;
  fetchImpl?: typeof fetch;
}

export async function setPrivateTracing(
  config: StompwatchConfig,
  on: boolean,
  deps: TracingDeps,
): Promise<Result<string>> {
  const status = await deps.status(config);
  const vhostPath = encodeURIComponent(config.vhost);
  if (status.state !== 'up' || status.kind !== 'private') {
    return err(
      `The private broker is not running here (${status.state === 'up' ? 'the broker that answers was not started by stompwatch' : status.state}), so nothing was changed. ` +
        `On a broker of your own an administrator runs rabbitmqctl trace_${on ? 'on' : 'off'} -p ${config.vhost} ` +
        `or PUT /api/vhosts/${vhostPath} {"tracing":${on}}.`,
    );
  }
  const auth = Buffer.from(`${config.login}:${config.passcode}`).toString('base64');
  let response: Response;
  try {
    response = await (deps.fetchImpl ?? fetch)(
      `${config.managementUrl.replace(/\/+$/, '')}/api/vhosts/${vhostPath}`,
      {
        method: 'PUT',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tracing: on }),
      },
    );
  } catch (error) {
    return err(
      `Could not reach the management API at ${config.managementUrl}: ${errorMessage(error)}`,
    );
  }
  if (!response.ok) {
    return err(
      `The management API answered ${response.status} to turning tracing ${on ? 'on' : 'off'} in vhost ${config.vhost}.`,
    );
  }
  return ok(
    on
      ? `Firehose on in vhost ${config.vhost} of the private broker: every message published or delivered there is now also copied to amq.rabbitmq.trace (turn it off with npm run broker -- trace off).`
      : `Firehose off in vhost ${config.vhost} of the private broker.`,
  );
}
