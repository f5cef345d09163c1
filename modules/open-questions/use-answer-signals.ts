import { useRevalidator } from '@remix-run/react';
import { useEffect, useMemo, useRef } from 'react';
import { answerSignal } from './manifest';

/** Signals that come close together (a burst of likes) reload the page's data once. */
const settleMs = 400;

/**
 * When answers are revealed only after answering, their content never travels to the room: the
 * room hears that a question's answers changed (`open-question:changed`), and a page that may
 * read that question's answers reloads its data, whose loader applies the rule. Returns the
 * listeners and the reconnection callback to give `usePostsLive` (one connection for both).
 */
export function useAnswerSignals({ enabled, follows }: { enabled: boolean; follows: (questionId: string) => boolean }) {
  const revalidator = useRevalidator();
  const reload = useRef(revalidator.revalidate);
  reload.current = revalidator.revalidate;
  const followed = useRef(follows);
  followed.current = follows;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useMemo(() => {
    if (!enabled) return { listeners: undefined, onJoined: undefined };
    const soon = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        reload.current();
      }, settleMs);
    };
    return {
      listeners: {
        [answerSignal]: (payload: unknown) => {
          const questionId = (payload as { questionId?: unknown } | null)?.questionId;
          if (typeof questionId === 'string' && followed.current(questionId)) soon();
        },
      },
      // Back from an absence: signals may have been missed meanwhile.
      onJoined: soon,
    };
  }, [enabled]);
}
