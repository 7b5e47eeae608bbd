import { connection } from 'next/server';
import { formDefaults, loadConfig } from '@/lib/config/env';
import { DashboardApp } from '@/components/dashboard-app';

/**
 * Reads the server's configuration at request time and hands the form's defaults (never a
 * configured passcode, see formDefaults) to the client island.
 */
export default async function Home() {
  await connection();
  return <DashboardApp defaults={formDefaults(loadConfig())} />;
}
