import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, parseConfig, type StompwatchConfig } from '../../lib/config/env';
import {
  ENABLED_PLUGINS,
  PROJECT_ROOT,
  STANDARD_RABBITMQ_PORTS,
  brokerPaths,
  buildNodeEnv,
  ctlDistPortRange,
  displayPath,
  formatLogTails,
  installInstructions,
  nodeLogFile,
  renderRabbitmqConf,
  resolveDataDir,
  stripAnsi,
  tailLines,
} from './rabbitmq';

const root = path.join(path.sep, 'projects', 'stompwatch');

function config(env: Record<string, string> = {}): StompwatchConfig {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.error.join('; '));
  return result.value;
}

function confLines(conf: string): Map<string, string> {
  const entries = conf
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split(' = ') as [string, string]);
  return new Map(entries);
}

describe('renderRabbitmqConf', () => {
  it('turns AMQP and plain STOMP off and puts Web-STOMP and management on loopback', () => {
    const conf = confLines(renderRabbitmqConf({ webStomp: 15674, management: 15672 }));
    expect(Object.fromEntries(conf)).toEqual({
      'listeners.tcp': 'none',
      'stomp.listeners.tcp': 'none',
      'web_stomp.tcp.ip': '127.0.0.1',
      'web_stomp.tcp.port': '15674',
      'web_stomp.ws_frame': 'binary',
      'management.tcp.ip': '127.0.0.1',
      'management.tcp.port': '15672',
    });
  });

  it('uses the configured ports', () => {
    const conf = confLines(renderRabbitmqConf({ webStomp: 15694, management: 15692 }));
    expect(conf.get('web_stomp.tcp.port')).toBe('15694');
    expect(conf.get('management.tcp.port')).toBe('15692');
  });

  it('keeps guest loopback-only (RabbitMQ default) and opens no other listener', () => {
    const conf = renderRabbitmqConf({ webStomp: 15674, management: 15672 });
    expect(conf).not.toContain('loopback_users');
    expect(conf).not.toMatch(/0\.0\.0\.0|::/);
  });
});

describe('ENABLED_PLUGINS', () => {
  it('is an Erlang term enabling management and Web-STOMP', () => {
    expect(ENABLED_PLUGINS.trim()).toBe('[rabbitmq_management,rabbitmq_web_stomp].');
  });
});

describe('resolveDataDir', () => {
  it('resolves relative to the project root', () => {
    expect(resolveDataDir(root, '.broker/default')).toEqual({
      ok: true,
      dir: path.join(root, '.broker', 'default'),
    });
  });

  it('accepts an absolute path inside the project', () => {
    const dir = path.join(root, '.broker', 'x');
    expect(resolveDataDir(root, dir)).toEqual({ ok: true, dir });
  });

  it.each([path.join(os.tmpdir(), 'broker'), '.', '', '../elsewhere', path.join(root, '..')])(
    'refuses %j',
    (dir) => {
      const result = resolveDataDir(root, dir);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain('STOMPWATCH_BROKER_DIR');
    },
  );
});

describe('brokerPaths and nodeLogFile', () => {
  it('keeps every file inside the data folder', () => {
    const dataDir = path.join(root, '.broker', 'default');
    const paths = brokerPaths(dataDir);
    for (const file of Object.values(paths)) {
      expect(file === dataDir || file.startsWith(dataDir + path.sep)).toBe(true);
    }
    expect(nodeLogFile(paths, 'stompwatch@localhost')).toBe(
      path.join(dataDir, 'log', 'stompwatch@localhost.log'),
    );
  });
});

describe('buildNodeEnv', () => {
  const dataDir = path.join(root, '.broker', 'default');
  const paths = brokerPaths(dataDir);

  it('points HOME, the node name, ports and every file at the private node', () => {
    const env = buildNodeEnv({ PATH: '/usr/bin' }, config(), paths);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: dataDir,
      RABBITMQ_NODENAME: 'stompwatch@localhost',
      RABBITMQ_DIST_PORT: String(DEFAULT_PORTS.dist),
      ERL_EPMD_PORT: String(DEFAULT_PORTS.epmd),
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_CONFIG_FILE: paths.confFile,
      RABBITMQ_ADVANCED_CONFIG_FILE: paths.advancedConfigFile,
      RABBITMQ_ENABLED_PLUGINS_FILE: paths.enabledPluginsFile,
      RABBITMQ_CONF_ENV_FILE: paths.confEnvFile,
      RABBITMQ_MNESIA_BASE: paths.mnesiaBase,
      RABBITMQ_LOG_BASE: paths.logBase,
      RABBITMQ_PID_FILE: paths.beamPidFile,
    });
    expect(env.RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS).toContain(
      '-kernel inet_dist_use_interface {127,0,0,1}',
    );
    expect(env.RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS).toContain(
      '-stompwatch_node stompwatch@localhost',
    );
    expect(env.RABBITMQ_CTL_ERL_ARGS).toContain('inet_dist_use_interface {127,0,0,1}');
    expect(env.RABBITMQ_USE_LONGNAME).toBeUndefined();
  });

  it('follows the configured ports and node name', () => {
    const env = buildNodeEnv(
      {},
      config({
        STOMPWATCH_DIST_PORT: '25694',
        STOMPWATCH_EPMD_PORT: '4381',
        STOMPWATCH_NODE_NAME: 'stompwatch-test@localhost',
      }),
      paths,
    );
    expect(env.RABBITMQ_NODENAME).toBe('stompwatch-test@localhost');
    expect(env.RABBITMQ_DIST_PORT).toBe('25694');
    expect(env.ERL_EPMD_PORT).toBe('4381');
  });

  it('drops inherited RabbitMQ and Erlang settings that would redirect the node', () => {
    const env = buildNodeEnv(
      {
        RABBITMQ_NODE_PORT: '5672',
        RABBITMQ_NODE_IP_ADDRESS: '0.0.0.0',
        RABBITMQ_USE_LONGNAME: 'true',
        ERL_EPMD_PORT: '4369',
        ERL_FLAGS: '-sname other',
        NODENAME: 'rabbit',
        CONF_ENV_FILE: '/etc/rabbitmq/rabbitmq-env.conf',
        LANG: 'C.UTF-8',
      },
      config(),
      paths,
    );
    expect(env.RABBITMQ_NODE_PORT).toBeUndefined();
    expect(env.RABBITMQ_NODE_IP_ADDRESS).toBeUndefined();
    expect(env.RABBITMQ_USE_LONGNAME).toBeUndefined();
    expect(env.ERL_FLAGS).toBeUndefined();
    expect(env.NODENAME).toBeUndefined();
    expect(env.CONF_ENV_FILE).toBeUndefined();
    expect(env.ERL_EPMD_PORT).toBe(String(DEFAULT_PORTS.epmd));
    expect(env.LANG).toBe('C.UTF-8');
  });

  it('switches to long names when the host part has dots', () => {
    const env = buildNodeEnv({}, config({ STOMPWATCH_NODE_NAME: 'stompwatch@127.0.0.1' }), paths);
    expect(env.RABBITMQ_USE_LONGNAME).toBe('true');
  });

  it('never uses the ports of a system RabbitMQ', () => {
    const env = buildNodeEnv({}, config(), paths);
    const used = [env.RABBITMQ_DIST_PORT, env.ERL_EPMD_PORT].map(Number);
    for (const port of [4369, 5672, 25672, 61613]) expect(used).not.toContain(port);
  });
});

describe('ctlDistPortRange', () => {
  it('puts the CLI tools 10000 above the distribution port, as RabbitMQ does for 25672', () => {
    expect(ctlDistPortRange(config().ports)).toEqual({ min: 35692, max: 35702 });
  });

  it("avoids the system CLI's 35672-35682 and every standard or configured port", () => {
    const ports = config({
      STOMPWATCH_DIST_PORT: '25675',
      STOMPWATCH_MANAGEMENT_PORT: '35690',
    }).ports;
    const { min, max } = ctlDistPortRange(ports);
    expect(max - min).toBe(10);
    expect(max < 35672 || min > 35682).toBe(true);
    for (let port = min; port <= max; port++) {
      expect(STANDARD_RABBITMQ_PORTS).not.toContain(port);
      expect(Object.values(ports)).not.toContain(port);
    }
  });

  it('stays within the valid port range for high distribution ports', () => {
    const { min, max } = ctlDistPortRange(config({ STOMPWATCH_DIST_PORT: '65000' }).ports);
    expect(min).toBeGreaterThanOrEqual(1024);
    expect(max).toBeLessThanOrEqual(65535);
  });
});

describe('tailLines', () => {
  const log = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n') + '\n\n';

  it('returns the last lines without trailing blank lines', () => {
    expect(tailLines(log, 3)).toEqual(['line 48', 'line 49', 'line 50']);
  });

  it('defaults to 30 lines', () => {
    const lines = tailLines(log);
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe('line 21');
  });

  it('returns everything when the log is short, and handles CRLF', () => {
    expect(tailLines('a\r\nb\r\n', 30)).toEqual(['a', 'b']);
    expect(tailLines('', 30)).toEqual([]);
  });

  it('strips colour codes', () => {
    expect(stripAnsi('\u001b[31merror\u001b[0m')).toBe('error');
    expect(tailLines('\u001b[1mBOOT FAILED\u001b[0m\n', 5)).toEqual(['BOOT FAILED']);
  });
});

describe('formatLogTails', () => {
  it('labels each log and says when one was never written or is empty', () => {
    const text = formatLogTails(
      [
        { label: 'rabbitmq-server output', file: 'out.log', text: 'booting\nBOOT FAILED\n' },
        { label: 'node log', file: 'node.log', text: null },
        { label: 'other', file: 'empty.log', text: '\n' },
      ],
      30,
    );
    expect(text.split('\n')).toEqual([
      '--- rabbitmq-server output: last 2 lines of out.log ---',
      'booting',
      'BOOT FAILED',
      '--- node log: node.log (not written) ---',
      '--- other: empty.log (empty) ---',
    ]);
  });
});

describe('installInstructions', () => {
  it('gives the Debian, Homebrew and container commands', () => {
    const text = installInstructions();
    expect(text).toContain('sudo apt-get install rabbitmq-server');
    expect(text).toContain('brew install rabbitmq');
    expect(text).toContain('STOMPWATCH_RABBITMQ_BIN=$(brew --prefix)/sbin');
    expect(text).toContain(
      'docker run -d --name rabbitmq -p 15674:15674 -p 15672:15672 rabbitmq:3-management',
    );
    expect(text).toContain('docker exec rabbitmq rabbitmq-plugins enable rabbitmq_web_stomp');
  });
});

describe('PROJECT_ROOT and displayPath', () => {
  it('finds the folder holding package.json', () => {
    expect(
      path.basename(path.relative(PROJECT_ROOT, path.join(PROJECT_ROOT, 'package.json'))),
    ).toBe('package.json');
    expect(displayPath(PROJECT_ROOT, path.join(PROJECT_ROOT, '.broker', 'default'))).toBe(
      path.join('.broker', 'default'),
    );
    expect(displayPath(root, '/elsewhere/x')).toBe('/elsewhere/x');
  });
});
