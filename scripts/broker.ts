/**
 * `npm run broker -- start|stop|status|reset`: the private RabbitMQ node with Web-STOMP.
 * Exit codes: 0 success (status: broker up), 1 failure (status: broker down), 2 usage or config.
 */
import { readConfig, type StompwatchConfig } from '../lib/config/env';
import { BrokerError, brokerStatus, resetBroker, startBroker, stopBroker } from './lib/rabbitmq';
import {
  clusterStatus,
  resetCluster,
  startCluster,
  startClusterNode,
  stopCluster,
  stopClusterNode,
} from './lib/cluster';
import { CLUSTER_ENV_DOCS, parseClusterSettings, type ClusterSettings } from './lib/cluster-layout';
import { setPrivateTracing } from './lib/tracing';

const USAGE = `Usage: npm run broker -- <command>

  start   start the private RabbitMQ node (or use a broker already answering) and wait for STOMP
  stop    stop the private node and its epmd
  status  say whether a broker answers STOMP, and where (exit 1 when none does)
  reset   stop the private node and delete its data folder
  trace on|off  turn RabbitMQ's firehose (tracing) on or off in the private node's vhost, for
                watch panes; it copies every message of the vhost (the dashboard never does this)

  cluster start [--nodes N]  start a private N-node cluster (default 2) on loopback and wait until
                             every node answers STOMP and is a running member; nodes an earlier
                             start added come back too (cluster reset starts over)
  cluster stop               stop every node of the cluster and its epmd
  cluster status             each node's state and URL (exit 1 unless all are up and clustered)
  cluster stop-node I        stop node I only (to test failover)
  cluster start-node I       start node I again (it rejoins the cluster)
  cluster reset              stop the cluster and delete its data folder

Settings come from STOMPWATCH_* environment variables (see lib/config/env.ts);
STOMPWATCH_RABBITMQ_BIN overrides where rabbitmq-server and rabbitmqctl live.
The cluster reads:
${Object.entries(CLUSTER_ENV_DOCS)
  .map(([name, doc]) => `  ${name}: ${doc}`)
  .join('\n')}`;

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

async function clusterStart(settings: ClusterSettings): Promise<number> {
  const outcome = await startCluster(settings);
  for (const { node, outcome: start, joinedBy } of outcome.nodes) {
    const what =
      start.status === 'started'
        ? `started in ${seconds(start.elapsedMs)}`
        : start.status === 'already-running'
          ? 'already running'
          : 'answering';
    console.log(
      `node ${node.index} ${node.nodeName}: ${what}${joinedBy ? `, joined the cluster (${joinedBy})` : ''}; ` +
        `Web-STOMP ${node.url}, management ${node.managementUrl}`,
    );
  }
  console.log(
    `Cluster up in ${seconds(outcome.elapsedMs)}: running ${outcome.running.join(', ')}.\n` +
      `Broker URL for the dashboard: ${outcome.brokerUrl}`,
  );
  return 0;
}

async function clusterStop(settings: ClusterSettings): Promise<number> {
  const outcome = await stopCluster(settings);
  const stopped = outcome.nodes
    .filter(({ outcome: stop }) => stop.status === 'stopped')
    .map(({ node }) => node.nodeName);
  console.log(
    stopped.length > 0 || outcome.stoppedEpmd
      ? `Stopped ${stopped.length > 0 ? stopped.join(', ') : 'no node'}${outcome.stoppedEpmd ? ' and the cluster epmd' : ''} in ${seconds(outcome.elapsedMs)}.`
      : 'Nothing to stop: no cluster node is running.',
  );
  return 0;
}

async function clusterStatusCommand(settings: ClusterSettings): Promise<number> {
  const report = await clusterStatus(settings);
  for (const { node, state, detail } of report.nodes) {
    const member = report.membership?.running.includes(node.nodeName) ? ', running member' : '';
    console.log(
      `node ${node.index} ${node.nodeName}: ${state}${member}; Web-STOMP ${node.url}, management ${node.managementUrl}` +
        (detail ? ` (${detail})` : ''),
    );
  }
  console.log(
    report.membership
      ? `cluster: running ${report.membership.running.join(', ')}; members ${report.membership.members.join(', ')}`
      : 'cluster: no node answers rabbitmqctl cluster_status',
  );
  console.log(`Broker URL for the dashboard: ${report.brokerUrl}`);
  return report.healthy ? 0 : 1;
}

function nodeIndex(text: string | undefined): number | null {
  const index = Number(text);
  return text !== undefined && Number.isInteger(index) && index >= 1 ? index : null;
}

async function cluster(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let nodes: number | undefined;
  if (sub === 'start' && rest.length > 0) {
    const match = rest.length === 2 && rest[0] === '--nodes' ? nodeIndex(rest[1]) : null;
    if (match === null) {
      console.error(`Unknown options "${rest.join(' ')}" for cluster start.\n\n${USAGE}`);
      return 2;
    }
    nodes = match;
  }
  const settings = parseClusterSettings(process.env, { nodes });
  if (!settings.ok) {
    console.error(`Invalid cluster configuration:\n  - ${settings.error.join('\n  - ')}`);
    return 2;
  }
  const simple: Record<string, (s: ClusterSettings) => Promise<number>> = {
    start: clusterStart,
    stop: clusterStop,
    status: clusterStatusCommand,
    reset: async (s) => {
      const outcome = await resetCluster(s);
      console.log(
        outcome.removed
          ? `Stopped the cluster; deleted ${outcome.dir}.`
          : `Stopped the cluster; no data folder at ${outcome.dir}.`,
      );
      return 0;
    },
  };
  if (sub !== undefined && simple[sub] && (sub === 'start' || rest.length === 0)) {
    return simple[sub]!(settings.value);
  }
  const index = nodeIndex(rest[0]);
  if ((sub === 'stop-node' || sub === 'start-node') && rest.length === 1 && index !== null) {
    if (sub === 'stop-node') {
      const { node, outcome, elapsedMs } = await stopClusterNode(settings.value, index);
      console.log(
        outcome.status === 'stopped'
          ? `Stopped node ${index} ${node.nodeName} in ${seconds(elapsedMs)}.`
          : `Nothing to stop: node ${index} ${node.nodeName} is not running.`,
      );
    } else {
      const outcome = await startClusterNode(settings.value, index);
      const start = outcome.nodes[0]!;
      console.log(
        `node ${index} ${start.node.nodeName}: ${start.outcome.status === 'started' ? `started in ${seconds(outcome.elapsedMs)}` : 'already running'}` +
          `${start.joinedBy ? `, joined the cluster (${start.joinedBy})` : ''}; running ${outcome.running.join(', ')}`,
      );
    }
    return 0;
  }
  console.error(`Unknown command "cluster ${args.join(' ')}".\n\n${USAGE}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'trace') {
    const [mode, ...extra] = rest;
    if ((mode !== 'on' && mode !== 'off') || extra.length > 0) {
      console.error(`Usage: npm run broker -- trace on|off\n\n${USAGE}`);
      return 2;
    }
    const config = readConfig();
    if (!config.ok) {
      console.error(config.error);
      return 2;
    }
    const result = await setPrivateTracing(config.value, mode === 'on', { status: brokerStatus });
    if (result.ok) console.log(result.value);
    else console.error(result.error);
    return result.ok ? 0 : 1;
  }
  if (command === 'cluster') {
    try {
      return await cluster(rest);
    } catch (error) {
      if (error instanceof BrokerError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
  }
  const action = COMMANDS[command];
  if (!action || rest.length > 0) {
    console.error(`Unknown command "${argv.join(' ')}".\n\n${USAGE}`);
    return 2;
  }
  const config = readConfig();
  if (!config.ok) {
    console.error(config.error);
    return 2;
  }
  try {
    return await action(config.value);
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
