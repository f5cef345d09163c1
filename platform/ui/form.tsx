import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled form field whose error sits beside it and is announced: the input points to its
 * error and hint with aria-describedby, and is marked aria-invalid.
 */
export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: { label: ReactNode; name: string; error?: string | null; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A select with the same labelling and error wiring as Field. */
export function SelectField({
  label,
  name,
  error,
  options,
  defaultValue,
  id = `field-${name}`,
}: {
  label: ReactNode;
  name: string;
  error?: string | null;
  options: { value: string; label: string; lang?: string }[];
  defaultValue?: string;
  /** Needed when the same field appears in several forms of one page. */
  id?: string;
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message about the whole form (an error, or the confirmation of what was saved), announced to screen readers. */
export function FormMessage({ tone, children }: { tone: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <p className={`form-message form-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
