import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * The moderation workspace's keyboard shortcuts: A accept, R refuse then 1–9 or 0 for the
 * reason, P postpone, N next, Escape cancel. Every one is also a button reachable with Tab and
 * Enter; none fires while the moderator types in a field (correcting a text, writing tags).
 */

/** Whether a key press goes to a field being typed in (text, select, editable content). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/**
 * Calls `onKey` with the lower-cased key of every plain key press (no Ctrl, Alt or Meta) made
 * outside a field; when it answers true the key's default action is prevented.
 */
export function useShortcutKeys(onKey: (key: string) => boolean, enabled = true): void {
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (typingIn(event.target)) return;
      // Digits by their key's position: on a French keyboard the key marked 1 types "&" without Shift.
      const digit = /^(?:Digit|Numpad)([0-9])$/.exec(event.code)?.[1];
      if (handler.current(digit ?? event.key.toLowerCase())) event.preventDefault();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled]);
}

/** The key that picks the reason at `index` (1 to 9, then 0 for the tenth). */
export const reasonKey = (index: number) => (index === 9 ? '0' : String(index + 1));

/** The index of the reason a key picks, or null. */
export function reasonIndexOf(key: string): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  return key === '0' ? 9 : Number(key) - 1;
}

/** The shortcuts, listed on screen. */
export function ShortcutsHelp() {
  const { t } = useTranslation('proposals-moderation');
  const rows: [string, string][] = [
    ['A', t('shortcuts.accept')],
    ['R', t('shortcuts.refuse')],
    ['P', t('shortcuts.postpone')],
    ['N', t('shortcuts.next')],
    [t('shortcuts.escapeKey'), t('shortcuts.escape')],
  ];
  return (
    <details className="moderation-shortcuts">
      <summary>{t('shortcuts.heading')}</summary>
      <dl>
        {rows.map(([key, action]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('shortcuts.note')}</p>
    </details>
  );
}
