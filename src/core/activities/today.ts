/**
 * Today's date on this computer's calendar (YYYY-MM-DD), not UTC: at 07:00 in Beijing, UTC is still
 * yesterday, and an activity held this morning must not read as "in the future".
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
