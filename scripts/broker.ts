/**
 * `npm run broker -- start|stop|status|reset`: the private RabbitMQ node with Web-STOMP.
 * Exit codes: 0 success (status: broker up), 1 failure (status: broker down), 2 usage or config.
 */
import { loadConfig, type StompwatchConfig } from '../lib/config/env';
import { BrokerError, brokerStatus, resetBroker, startBroker, stopBroker } from './lib/rabbitmq';

const USAGE = `Usage: npm run broker -- <command>

  start   start the private RabbitMQ node (or use a broker already answering) and wait for STOMP
  stop    stop the private node and its epmd
  status  say whether a broker answers STOMP, and where (exit 1 when none does)
  reset   stop the private node and delete its data folder

Settings come from STOMPWATCH_* environment variables (see lib/config/env.ts);
STOMPWATCH_RABBITMQ_BIN overrides where rabbitmq-server and rabbitmqctl live.`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function start(config: StompwatchConfig): Promise<number> {
  const outcome = await startBroker(config);
  switch (outcome.status) {
    case 'external':
      console.log(
        `Broker up: something already answers STOMP at ${outcome.url}; using it, started nothing.`,
      );
      break;
    case 'already-running':
      console.log(
        `Broker up: the private node ${outcome.nodeName} is already running at ${outcome.url}.`,
      );
      break;
    case 'started':
      console.log(
        `Broker up: started the private node ${outcome.nodeName} at ${outcome.url} ` +
          `(management ${config.managementUrl}) in ${seconds(outcome.elapsedMs)}.`,
      );
      break;
  }
  return 0;
}

async function stop(config: StompwatchConfig): Promise<number> {
  const outcome = await stopBroker(config);
  if (outcome.status === 'not-running') {
    console.log(`Nothing to stop: the private node ${outcome.nodeName} is not running.`);
  } else {
    const what = outcome.stoppedNode
      ? `the private node ${outcome.nodeName}${outcome.stoppedEpmd ? ' and its epmd' : ''}`
      : `a leftover epmd of the private node ${outcome.nodeName}`;
    console.log(`Stopped ${what}.`);
  }
  return 0;
}

async function status(config: StompwatchConfig): Promise<number> {
  const s = await brokerStatus(config);
  switch (s.state) {
    case 'up':
      if (s.kind === 'private') {
        console.log(
          `up: private node ${s.nodeName}, Web-STOMP ${s.url}, management ${s.managementUrl}, data ${s.dataDir}`,
        );
      } else {
        console.log(
          `up: external broker (not started by stompwatch), Web-STOMP ${s.url}, management ${s.managementUrl}`,
        );
      }
      return 0;
    case 'refused':
      console.log(
        `refusing: the ${s.kind === 'private' ? 'private node' : 'broker'} at ${s.url} is up, but ${s.reason}; check STOMPWATCH_LOGIN, STOMPWATCH_PASSCODE and STOMPWATCH_VHOST`,
      );
      return 1;
    case 'unresponsive':
      console.log(
        `starting or stuck: private node ${s.nodeName} runs (data ${s.dataDir}) but ${s.url} does not answer STOMP: ${s.reason}`,
      );
      return 1;
    case 'down':
      console.log(
        s.configured
          ? `down: nothing answers at STOMPWATCH_BROKER_URL (${s.reason})`
          : `down: private node ${s.nodeName} is not running (${s.url}, data ${s.dataDir}); start it with npm run broker -- start`,
      );
      return 1;
  }
}

async function reset(config: StompwatchConfig): Promise<number> {
  const outcome = await resetBroker(config);
  const stopped = outcome.stop.status === 'stopped' ? `Stopped ${outcome.stop.nodeName}; ` : '';
  console.log(
    outcome.removed
      ? `${stopped}deleted the data folder ${outcome.dataDir}.`
      : `${stopped}no data folder at ${outcome.dataDir}; nothing to delete.`,
  );
  return 0;
}

const COMMANDS: Record<string, (config: StompwatchConfig) => Promise<number>> = {
  start,
  stop,
  status,
  reset,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const action = COMMANDS[command];
  if (!action || rest.length > 0) {
    console.error(`Unknown command "${argv.join(' ')}".\n\n${USAGE}`);
    return 2;
  }
  let config: StompwatchConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  try {
    return await action(config);
  } catch (error) {
    if (error instanceof BrokerError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

// No top-level await: without "type": "module" in package.json tsx runs this file as CommonJS.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
