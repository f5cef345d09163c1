import { useFetcher, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleEvents, type ModuleLiveStatus } from '../../platform/ui/use-module-events';
import { moderationChanged } from './proposals-data';

/*
 * What the moderation workspace and the supervision board share: the module's JSON answers,
 * error sentences, durations and language names, and following the instance live.
 */

/** What every module action answers (the generic module route). */
export interface ActionAnswer<Result> {
  ok: boolean;
  intent?: string;
  result?: Result;
  errors?: Record<string, string>;
}

/** The sentence for an error code of a moderation action (codes are keys under `errors`). */
export function useModerationError(): (code: string | undefined) => string {
  const { t } = useTranslation('proposals-moderation');
  return (code) => (code ? t(`errors.${code}`, { defaultValue: t('errors.generic') }) : t('errors.generic'));
}

/** The first error of an answer, preferring `field` when given. */
export function errorCodeOf(answer: ActionAnswer<unknown> | undefined, field?: string): string | undefined {
  if (!answer || answer.ok) return undefined;
  const errors = answer.errors ?? {};
  return (field ? errors[field] : undefined) ?? Object.values(errors)[0] ?? 'generic';
}

/** "2 h 5 min", "45 min", "30 s": how long something has waited. */
export function useDuration(): (seconds: number) => string {
  const { t } = useTranslation('proposals-moderation');
  return (seconds) => {
    if (seconds < 60) return t('duration.seconds', { count: Math.max(0, Math.round(seconds)) });
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return t('duration.minutes', { count: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return t('duration.hours', { hours, minutes: minutes % 60 });
    return t('duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
  };
}

/** A language's name in the reader's language ("anglais", "English"). */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A time of day in UTC, the same on the server and in the browser. */
export function formatTime(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(value));
}

/**
 * Follows the instance's `moderation:changed` events and reads the page again when one comes
 * (or after joining, since whatever happened before arrived by no event). The server sends at
 * most one a second.
 */
export function useModerationLive(slug: string, instanceId: string): ModuleLiveStatus {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const reread = useCallback(() => {
    if (latest.current.state === 'idle') latest.current.revalidate();
  }, []);
  return useModuleEvents({ slug, instanceId, listeners: { [moderationChanged]: reread }, onJoined: reread });
}

/** A line that says whether the page follows changes live. */
export function LiveStatus({ status }: { status: ModuleLiveStatus }) {
  const { t } = useTranslation('proposals-moderation');
  if (status === 'off') return null;
  return <p className={`moderation-live moderation-live--${status}`}>{t(`workspace.live.${status}`)}</p>;
}

/**
 * A fetcher posting module actions, and the answer it got for the last one, once (`onAnswer` is
 * called when a new answer arrives).
 */
export function useModerationAction<Result>(path: string, onAnswer: (answer: ActionAnswer<Result>) => void) {
  const fetcher = useFetcher<ActionAnswer<Result>>();
  const handler = useRef(onAnswer);
  handler.current = onAnswer;
  const seen = useRef<unknown>(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== 'idle' || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    if (fetcher.data) handler.current(fetcher.data);
  }, [fetcher.state, fetcher.data]);
  const submit = useCallback(
    (fields: [string, string][]) => {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      fetcher.submit(form, { method: 'post', action: path });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fetcher.submit is stable enough for a click
    [path, fetcher.submit],
  );
  return { submit, busy: fetcher.state !== 'idle', fetcher };
}

/** An announcement for screen readers (and shown), replaced by the next one. */
export function useAnnouncement(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const announce = useCallback((next: string) => {
    // The same sentence twice in a row is announced again.
    setMessage(next === message ? `${next}\u00a0` : next);
  }, [message]);
  return [message, announce];
}
