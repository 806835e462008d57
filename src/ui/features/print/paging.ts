/**
 * How many fixed-height table rows fit on each printed page, for printouts whose every height is fixed in
 * millimetres (the sign-in sheet): the header row repeats on every page, page 1 also carries the title block.
 * The on-screen status and the PDF tests use the same numbers as the page's CSS.
 */
export interface SheetGeometry {
  /** Page height inside the @page margins. */
  contentMm: number;
  /** The repeated header row. */
  headerRowMm: number;
  rowMm: number;
  /** Title and header block above the table on page 1. */
  firstPageExtraMm: number;
  /** Room left for borders and rounding, so a page never loses a row to a fraction of a millimetre. */
  slackMm?: number;
}

export function rowsPerPage(g: SheetGeometry): { first: number; other: number } {
  const slack = g.slackMm ?? 2;
  const other = Math.floor((g.contentMm - g.headerRowMm - slack) / g.rowMm);
  const first = Math.floor((g.contentMm - g.firstPageExtraMm - g.headerRowMm - slack) / g.rowMm);
  if (other < 1 || first < 1) throw new Error('页面放不下一行表格');
  return { first, other };
}

/** Rows on each page, in order; an empty table still prints one page. */
export function rowsOnPages(rows: number, g: SheetGeometry): number[] {
  const { first, other } = rowsPerPage(g);
  const pages = [Math.min(rows, first)];
  for (let left = rows - pages[0]!; left > 0; left -= other) pages.push(Math.min(left, other));
  return pages;
}

export function pageCount(rows: number, g: SheetGeometry): number {
  return rowsOnPages(rows, g).length;
}
