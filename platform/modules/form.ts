/*
 * Reading a module action's form: every field is text or absent, whatever the browser (or a
 * script) sent.
 */

/** A text field's value, '' when absent or a file. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated text field (checkboxes…). */
export function formTexts(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === 'string');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a form or an address is a uuid: anything else would make PostgreSQL throw. */
export const isUuid = (value: string) => uuidPattern.test(value);

/**
 * A number as a person types it in French or English: "1 500" (spaces, the non-breaking ones
 * too, between groups of three digits), "2,5" or "2.5", "-3". Null when nothing was typed, NaN
 * when it is not a number.
 */
export function typedNumber(raw: string): number | null {
  const typed = raw.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (typed === '') return null;
  if (!/^[-+−]?(\d{1,3}( \d{3})+|\d+)([.,]\d+)?$/.test(typed)) return Number.NaN;
  return Number(typed.replace(/ /g, '').replace('−', '-').replace(',', '.'));
}
