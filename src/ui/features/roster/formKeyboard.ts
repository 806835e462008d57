import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE = 'input:not([disabled]):not([readonly]):not([type="hidden"]):not([type="radio"]):not([type="checkbox"]), textarea:not([disabled])';

/**
 * With its list open and something typed (or an option reached with the arrow keys), Enter belongs to the
 * select: it picks. With nothing typed it means "done here": move on, even from an open multi-select.
 */
function selectWantsEnter(target: HTMLElement, arrowed: boolean): boolean {
  if (target.getAttribute('aria-expanded') !== 'true') return false;
  return arrowed || (target as HTMLInputElement).value !== '';
}

/**
 * Keyboard-first entry: Enter moves to the next field (as in the paper-form order), Ctrl+S saves.
 * Enter inside a textarea keeps its newline.
 */
export function useFormKeyboard(container: Ref<HTMLElement | null>, active: () => boolean, save: () => void): void {
  /** The field where arrow keys last moved through a dropdown list. */
  let arrowedIn: EventTarget | null = null;

  function onKeydown(event: KeyboardEvent): void {
    if (!active()) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') arrowedIn = event.target;
    else if (event.key !== 'Enter') arrowedIn = null;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
      return;
    }
    const root = container.value;
    const target = event.target as HTMLElement | null;
    if (event.key !== 'Enter' || event.isComposing || !root || !target || !root.contains(target)) return;
    const arrowed = arrowedIn === target;
    arrowedIn = null;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || selectWantsEnter(target, arrowed)) return;
    const fields = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    const next = fields[fields.indexOf(target) + 1];
    // Stopped here so the field left behind (a select) does not also act on this Enter.
    event.preventDefault();
    event.stopPropagation();
    if (next) next.focus();
    else save();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true));
}
