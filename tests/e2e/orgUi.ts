import type { Page } from 'playwright-core';

/** Element Plus controls as the org and roster tests drive them. */

/** Element Plus puts a test id on the <input> itself for el-input, on the wrapper for selects. */
export function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

const exact = (text: string) => new RegExp(`^\\s*${text.replace(/[()（）]/g, '\\$&')}\\s*$`);

/** Opens a tree-select and clicks the node with exactly this name. */
export async function pickTreeNode(page: Page, testId: string, name: string): Promise<void> {
  await page.locator(`.el-select[data-testid="${testId}"]`).click();
  await page.locator('.el-tree-select__popper').filter({ visible: true }).locator('.el-tree-node__content', { hasText: exact(name) }).first().click();
}

/** Opens a plain select and clicks the option with exactly this label. */
export async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.locator(`.el-select[data-testid="${testId}"]`).click();
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: exact(label) }).first().click();
}

/** A row of the unit or party-organisation tree table, by the node's exact name. */
export function treeRow(page: Page, tableTestId: string, name: string) {
  return page.getByTestId(tableTestId).locator('.el-table__body tr', { has: page.locator('.node-name', { hasText: exact(name) }) });
}

/** Confirms an Element Plus message box with the button of this label. */
export async function confirmBox(page: Page, button: string): Promise<void> {
  await page.locator('.el-message-box').getByRole('button', { name: button }).click();
}

/** Dialogs focus their first field once opened; acting before that races the focus (an open dropdown closes). */
export async function waitFocused(page: Page, testId: string): Promise<void> {
  const input = field(page, testId);
  // A deadline, not a count of tries: a dialog on a busy machine can take seconds to open and focus.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await input.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.waitForTimeout(20);
  }
  throw new Error(`${testId} never got the focus`);
}
