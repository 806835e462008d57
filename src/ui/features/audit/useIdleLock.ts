import { onBeforeUnmount, onMounted } from 'vue';
import { api } from '../../api/client';
import { useAuditStore } from '../../stores/audit';

/** How often the window looks at its idle time and tells the core it is in use. */
const TICK_MS = 15_000;
/** At most one "in use" report a minute: enough to keep the core's own idle lock from firing under an active clerk. */
const REPORT_MS = 60_000;

/**
 * The window's side of the automatic lock: keys, clicks and the wheel count as use; after the idle minutes
 * without any, it locks. The core keeps its own timer on the API calls too, so a window that stopped running
 * cannot keep the ledger open; the reports here keep that timer from locking a clerk who is reading.
 */
export function useIdleLock(): void {
  const audit = useAuditStore();
  let lastUse = Date.now();
  let lastReport = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const used = () => {
    lastUse = Date.now();
  };
  const events = ['keydown', 'mousedown', 'wheel'] as const;

  async function tick(): Promise<void> {
    const { hasPassword, locked, idleMinutes } = audit.lock;
    if (!hasPassword || locked) {
      await audit.refreshLock();
      return;
    }
    const now = Date.now();
    if (idleMinutes > 0 && now - lastUse >= idleMinutes * 60_000) {
      const result = await api.lock({});
      if (result.ok) audit.setLock(result.data);
      return;
    }
    const active = lastUse > lastReport && now - lastReport >= REPORT_MS;
    if (active) lastReport = now;
    await audit.refreshLock(active);
  }

  onMounted(() => {
    for (const e of events) window.addEventListener(e, used, { capture: true, passive: true });
    timer = setInterval(() => void tick(), TICK_MS);
  });
  onBeforeUnmount(() => {
    for (const e of events) window.removeEventListener(e, used, { capture: true });
    clearInterval(timer);
  });
}
