import { test as base } from '@playwright/test';
import { DashboardPage } from './support/dashboard-page';

export const test = base.extend<{ dashboard: DashboardPage }>({
  dashboard: async ({ page }, provide) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await provide(dashboard);
  },
});

export { expect } from '@playwright/test';
