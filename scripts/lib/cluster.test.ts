import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterConf, existingNodeIndexes, nodeConfig, parseClusterStatus } from './cluster';
import {
  CLUSTER_DEFAULTS,
  MAX_NODES,
  clusterBrokerUrl,
  clusterNode,
  clusterNodes,
  parseClusterSettings,
  type ClusterSettings,
} from './cluster-layout';
import { PROJECT_ROOT, brokerPaths, buildNodeEnv, renderRabbitmqConf } from './rabbitmq';

function settings(env: Record<string, string> = {}, nodes?: number): ClusterSettings {
  const result = parseClusterSettings(env, { nodes });
  if (!result.ok) throw new Error(result.error.join('; '));
  return result.value;
}

/** Ports the shared test broker, npm start, the benchmarks and other suites use. */
const OTHERS = [15674, 15694, 15714, 15724, 15734, 15744];

describe('parseClusterSettings', () => {
  it('defaults to two nodes on 158xx ports with one epmd of their own', () => {
    expect(settings()).toEqual({
      nodes: 2,
      webStompPort: 15804,
      managementPort: 15802,
      distPort: 25804,
      epmdPort: 4504,
      namePrefix: 'stompwatch-c',
      dir: '.broker/cluster',
      login: 'guest',
      passcode: 'guest',
      vhost: '/',
    });
  });

  it('reads every STOMPWATCH_CLUSTER_* variable, and --nodes wins over the variable', () => {
    const s = settings(
      {
        STOMPWATCH_CLUSTER_NODES: '3',
        STOMPWATCH_CLUSTER_WEB_STOMP_PORT: '16004',
        STOMPWATCH_CLUSTER_MANAGEMENT_PORT: '16002',
        STOMPWATCH_CLUSTER_DIST_PORT: '26004',
        STOMPWATCH_CLUSTER_EPMD_PORT: '4600',
        STOMPWATCH_CLUSTER_NAME: 'ha',
        STOMPWATCH_CLUSTER_DIR: '.broker/ha',
        STOMPWATCH_LOGIN: 'ops',
      },
      4,
    );
    expect(s).toMatchObject({
      nodes: 4,
      webStompPort: 16004,
      managementPort: 16002,
      distPort: 26004,
      epmdPort: 4600,
      namePrefix: 'ha',
      dir: '.broker/ha',
      login: 'ops',
    });
    expect(settings({ STOMPWATCH_CLUSTER_NODES: '3' }).nodes).toBe(3);
  });

  it('refuses fewer than 2 or more than MAX_NODES nodes', () => {
    for (const nodes of [0, 1, MAX_NODES + 1, 2.5]) {
      const result = parseClusterSettings({}, { nodes });
      expect(result.ok).toBe(false);
    }
    expect(parseClusterSettings({ STOMPWATCH_CLUSTER_NODES: 'two' }).ok).toBe(false);
  });

  it('names every bad port, and refuses clashing ports between nodes or with epmd', () => {
    const bad = parseClusterSettings({
      STOMPWATCH_CLUSTER_WEB_STOMP_PORT: 'x',
      STOMPWATCH_CLUSTER_EPMD_PORT: '70000',
    });
    expect(bad).toEqual({
      ok: false,
      error: [
        expect.stringContaining('STOMPWATCH_CLUSTER_WEB_STOMP_PORT'),
        expect.stringContaining('STOMPWATCH_CLUSTER_EPMD_PORT'),
      ],
    });
    // Node 2's Web-STOMP port (15804 + 10) would be node 1's management port.
    const clash = parseClusterSettings({ STOMPWATCH_CLUSTER_MANAGEMENT_PORT: '15814' });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.error.join(' ')).toMatch(/Ports clash.*15814/);
    const epmd = parseClusterSettings({ STOMPWATCH_CLUSTER_EPMD_PORT: '15824' });
    expect(epmd.ok).toBe(false);
    const high = parseClusterSettings({ STOMPWATCH_CLUSTER_DIST_PORT: '65530' });
    expect(high.ok).toBe(false);
  });

  it('keeps the data folder inside the project and the name prefix plain', () => {
    expect(parseClusterSettings({ STOMPWATCH_CLUSTER_DIR: '../elsewhere' }).ok).toBe(false);
    expect(
      parseClusterSettings({ STOMPWATCH_CLUSTER_DIR: path.join(os.tmpdir(), 'cluster') }).ok,
    ).toBe(false);
    expect(parseClusterSettings({ STOMPWATCH_CLUSTER_NAME: 'a@b' }).ok).toBe(false);
  });
});

describe('clusterNode and clusterNodes', () => {
  it('gives node i the ports of node 1 plus 10·(i-1), its own name and data folder', () => {
    const s = settings();
    expect(clusterNode(s, 1)).toEqual({
      index: 1,
      nodeName: 'stompwatch-c1@localhost',
      url: 'ws://127.0.0.1:15804/ws',
      managementUrl: 'http://127.0.0.1:15802',
      ports: { webStomp: 15804, management: 15802, dist: 25804 },
      brokerDir: '.broker/cluster/stompwatch-c1',
    });
    expect(clusterNode(s, 2)).toMatchObject({
      nodeName: 'stompwatch-c2@localhost',
      url: 'ws://127.0.0.1:15814/ws',
      ports: { webStomp: 15814, management: 15812, dist: 25814 },
      brokerDir: '.broker/cluster/stompwatch-c2',
    });
    expect(clusterNodes(settings({}, 3)).map((n) => n.index)).toEqual([1, 2, 3]);
  });

  it('never touches the ports other suites use, nor their derived ports', () => {
    const taken = new Set(OTHERS.flatMap((p) => [p, p - 2, p + 10_000, p - 11_300]));
    for (const node of clusterNodes(settings({}, MAX_NODES))) {
      for (const port of Object.values(node.ports)) expect(taken.has(port)).toBe(false);
    }
    expect(taken.has(CLUSTER_DEFAULTS.epmdPort)).toBe(false);
  });

  it('lists every node URL for the Broker URL field', () => {
    expect(clusterBrokerUrl(settings())).toBe('ws://127.0.0.1:15804/ws, ws://127.0.0.1:15814/ws');
  });
});

describe('nodeConfig', () => {
  it('makes each node a private node on the shared epmd port', () => {
    const s = settings();
    const config = nodeConfig(s, clusterNode(s, 2));
    expect(config).toMatchObject({
      brokerUrl: 'ws://127.0.0.1:15814/ws',
      brokerUrlConfigured: false,
      managementUrl: 'http://127.0.0.1:15812',
      nodeName: 'stompwatch-c2@localhost',
      brokerDir: '.broker/cluster/stompwatch-c2',
      ports: { webStomp: 15814, management: 15812, dist: 25814, epmd: 4504 },
    });
    expect(new Set(Object.values(config.ports)).size).toBe(5);
  });

  it('gives both nodes the same epmd, their own HOME (cookie) and loopback listeners', () => {
    const s = settings();
    const envs = clusterNodes(s).map((node) => {
      const dir = path.join(PROJECT_ROOT, node.brokerDir);
      return buildNodeEnv({}, nodeConfig(s, node), brokerPaths(dir));
    });
    expect(envs.map((env) => env.ERL_EPMD_PORT)).toEqual(['4504', '4504']);
    expect(envs.map((env) => env.RABBITMQ_NODENAME)).toEqual([
      'stompwatch-c1@localhost',
      'stompwatch-c2@localhost',
    ]);
    expect(envs[0]!.HOME).not.toBe(envs[1]!.HOME);
    const conf = renderRabbitmqConf(clusterNode(s, 1).ports);
    expect(conf).toContain('web_stomp.tcp.ip = 127.0.0.1');
    expect(conf).toContain('management.tcp.ip = 127.0.0.1');
  });
});

describe('clusterConf', () => {
  it('lets node 1 boot alone and points every other fresh node at it by classic-config discovery', () => {
    const s = settings({}, 3);
    expect(clusterConf(s, clusterNode(s, 1))).toEqual([]);
    for (const index of [2, 3]) {
      expect(clusterConf(s, clusterNode(s, index))).toEqual([
        'cluster_formation.peer_discovery_backend = classic_config',
        'cluster_formation.classic_config.nodes.1 = stompwatch-c1@localhost',
        'cluster_formation.discovery_retry_limit = 120',
        'cluster_formation.discovery_retry_interval = 500',
      ]);
    }
  });

  it("ends up in the node's rabbitmq.conf after the loopback listeners", () => {
    const s = settings();
    const node = clusterNode(s, 2);
    const lines = renderRabbitmqConf(node.ports, clusterConf(s, node)).trim().split('\n');
    expect(lines.slice(-4)[0]).toBe('cluster_formation.peer_discovery_backend = classic_config');
    expect(lines).toContain('web_stomp.tcp.port = 15814');
    expect(lines).toContain('stomp.listeners.tcp = none');
  });
});

describe('parseClusterStatus', () => {
  it('reads members and running nodes from rabbitmqctl cluster_status --formatter json', () => {
    const output = JSON.stringify({
      cluster_name: 'stompwatch-c1@vm',
      disk_nodes: ['stompwatch-c1@localhost', 'stompwatch-c2@localhost'],
      ram_nodes: [],
      running_nodes: ['stompwatch-c2@localhost'],
      alarms: [],
    });
    expect(parseClusterStatus(output)).toEqual({
      members: ['stompwatch-c1@localhost', 'stompwatch-c2@localhost'],
      running: ['stompwatch-c2@localhost'],
    });
  });

  it('skips a banner before the JSON and returns null for anything else', () => {
    expect(
      parseClusterStatus(
        'Cluster status of node x ...\n{"running_nodes":["a"],"disk_nodes":["a"]}',
      ),
    ).toEqual({ members: ['a'], running: ['a'] });
    expect(parseClusterStatus('Error: unable to perform an operation on node')).toBeNull();
    expect(parseClusterStatus('{"not":"it"}')).toBeNull();
    expect(parseClusterStatus('{broken')).toBeNull();
  });
});

describe('existingNodeIndexes', () => {
  it('finds node folders by prefix and ignores everything else', () => {
    expect(
      existingNodeIndexes(
        [
          'stompwatch-c2',
          '.erlang.cookie',
          'stompwatch-c1',
          'stompwatch-c12',
          'other3',
          'stompwatch-c3x',
        ],
        'stompwatch-c',
      ),
    ).toEqual([1, 2]);
  });
});
