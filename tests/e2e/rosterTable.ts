import type { Page } from 'playwright-core';

/**
 * Finding people in the virtualised roster table. Its rows are split in three parts (序号 and 姓名 fixed on
 * the left, the scrolling middle, the actions fixed on the right), each carrying the person's name.
 */

/** The middle part of a person's row: the cells that scroll (ID number, phone, unit …). */
export function rosterRow(page: Page, name: string) {
  return page.locator(`[data-testid="roster-table"] .el-table-v2__main .el-table-v2__row[data-name="${name}"]`);
}

/** A button in the actions part of a person's row (edit-person, delete-person, restore-person). */
export function rosterAction(page: Page, name: string, testId: string) {
  return page.locator(`[data-testid="roster-table"] .el-table-v2__right .el-table-v2__row[data-name="${name}"] [data-testid="${testId}"]`);
}

/** 序号 and 姓名 of the rows drawn on screen, top to bottom. */
export async function visibleIndexAndNames(page: Page): Promise<{ index: number; name: string }[]> {
  return page.locator('[data-testid="roster-table"] .el-table-v2__left .el-table-v2__row').evaluateAll((rows) =>
    rows
      .map((row) => ({ top: row.getBoundingClientRect().top, cells: [...row.querySelectorAll('.el-table-v2__row-cell')].map((c) => c.textContent?.trim() ?? '') }))
      .sort((a, b) => a.top - b.top)
      .map((r) => ({ index: Number(r.cells[0]), name: r.cells[1] ?? '' })),
  );
}

/** Every table row element in the DOM, across the three parts. */
export function domRowCount(page: Page): Promise<number> {
  return page.locator('[data-testid="roster-table"] .el-table-v2__row').count();
}

/** Scrolls the table's body (the element that actually scrolls, inside the middle part) to a row index. */
export async function scrollRosterTo(page: Page, rowIndex: number, rowHeight = 34): Promise<void> {
  await page.locator('[data-testid="roster-table"] .el-table-v2__main').evaluate(
    (main, top) => {
      const scroller = [...main.querySelectorAll<HTMLElement>('div')].find((d) => d.scrollHeight > d.clientHeight + 100);
      if (!scroller) throw new Error('no scrolling element in the roster table');
      scroller.scrollTop = top;
    },
    rowIndex * rowHeight,
  );
}

/** Column titles left to right: the fixed left part (序号, 姓名), then the scrolling part; 操作 is left out. */
export async function headerTitles(page: Page): Promise<string[]> {
  const titles = (part: string) =>
    page.locator(`[data-testid="roster-table"] .el-table-v2__${part} .el-table-v2__header-cell`).evaluateAll((cells) =>
      cells.map((c) => c.textContent?.trim() ?? '').filter((t) => t !== ''),
    );
  return [...(await titles('left')), ...(await titles('main'))];
}

/** Names of every loaded row, in order (fine for small lists that fit on one screen). */
export async function visibleNames(page: Page): Promise<string[]> {
  return (await visibleIndexAndNames(page)).map((r) => r.name).filter((n) => n !== '');
}
