import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

/** The ids a control points to with aria-describedby: its hint and its error, when they are shown. */
function describedBy(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** A control (or a group of them) between its hint and its error, with the ids aria-describedby points to. */
function FieldNotes({ id, hint, error, children }: { id: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A control's label, hint and error around it: every field of Plenum's forms is wired the same way. */
function FieldShell({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <FieldNotes id={id} hint={hint} error={error}>
        {children}
      </FieldNotes>
    </div>
  );
}

/** A radio group or a list of checkboxes: its legend, hint and error wired as a field's are. */
export function ChoiceGroup({ id, legend, hint, error, className, children }: { id: string; legend: ReactNode; hint?: ReactNode; error?: string | null; className?: string; children: ReactNode }) {
  return (
    <fieldset className={[className, error ? 'field--invalid' : null].filter(Boolean).join(' ') || undefined} aria-describedby={describedBy(id, hint, error)}>
      <legend>{legend}</legend>
      <FieldNotes id={id} hint={hint} error={error}>
        {children}
      </FieldNotes>
    </fieldset>
  );
}

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
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldShell>
  );
}

/** A labelled textarea, wired as Field. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  ...textarea
}: { id: string; label: ReactNode; hint?: ReactNode; error?: string | null } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...textarea} />
    </FieldShell>
  );
}

/** A select with the same labelling and error wiring as Field; controlled when given `value` and `onChange`. */
export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  defaultValue,
  value,
  onChange,
  id = `field-${name}`,
}: {
  label: ReactNode;
  name: string;
  error?: string | null;
  hint?: ReactNode;
  options: { value: string; label: string; lang?: string }[];
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  /** Needed when the same field appears in several forms of one page. */
  id?: string;
}) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        value={value}
        onChange={onChange ? (event) => onChange(event.target.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
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
