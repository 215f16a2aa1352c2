import type { Page } from '@playwright/test'

/**
 * Sets the restore panel to `modelId` with `steps` steps and K = 2 (so the std output is written too), then leaves the
 * form: single-key shortcuts are ignored while a form control has the focus, as for a user.
 */
export async function setRestoreOptions(page: Page, modelId: string, steps: string): Promise<void> {
  await page.getByTestId('restore-model').selectOption(modelId)
  await page.getByTestId('restore-steps').fill(steps)
  await page.getByTestId('restore-steps').press('Tab')
  await page.getByTestId('restore-samples').fill('2')
  await page.getByTestId('restore-samples').press('Tab')
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
}
