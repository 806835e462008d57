import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE = 'input:not([disabled]):not([readonly]):not([type="hidden"]):not([type="radio"]):not([type="checkbox"]), textarea:not([disabled])';

/**
 * Keyboard-first entry: Enter moves to the next field (as in the paper-form order), Ctrl+S saves.
 * Enter inside a textarea keeps its newline.
 */
export function useFormKeyboard(container: Ref<HTMLElement | null>, active: () => boolean, save: () => void): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!active()) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
      return;
    }
    const root = container.value;
    const target = event.target as HTMLElement | null;
    if (event.key !== 'Enter' || event.isComposing || !root || !target || !root.contains(target)) return;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON') return;
    const fields = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    const next = fields[fields.indexOf(target) + 1];
    event.preventDefault();
    if (next) next.focus();
    else save();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true));
}
