import { connection } from 'next/server';
import { loadConfig } from '@/lib/config/env';
import { DashboardApp } from '@/components/dashboard-app';

/** Reads the server's configuration at request time and hands the defaults to the client island. */
export default async function Home() {
  await connection();
  const config = loadConfig();
  return (
    <DashboardApp
      defaults={{
        brokerUrl: config.brokerUrl,
        login: config.login,
        passcode: config.passcode,
        vhost: config.vhost,
      }}
    />
  );
}
