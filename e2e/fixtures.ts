import { test as base } from '@playwright/test';
import { DashboardPage } from './support/dashboard-page';

export const test = base.extend<{ dashboard: DashboardPage }>({
  dashboard: async ({ page }, use) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await use(dashboard);
  },
});

export { expect } from '@playwright/test';
